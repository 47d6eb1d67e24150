#!/bin/sh
# Rebuilds tests/fixtures/revisions: a small site with three recorded versions,
# made with `policy-site revise` itself (the records carry checksums, so they are
# never written by hand). Run from the repository root after `cargo build`.
set -eu
T=${CARGO_TARGET_DIR:-target}; case "$T" in /*) ;; *) T=$(pwd)/$T ;; esac
P=$T/debug/policy-site
F=tests/fixtures/revisions
rm -rf "$F"; mkdir -p "$F/content/pages"; cd "$F"
cat > content/site.yaml <<'EOF'
title: { ja: 改定テスト方針, en: Revision Test Policy }
organisation: { ja: テスト市, en: Test City }
languages:
  - { code: ja, name: 日本語 }
  - { code: en, name: English }
history:
nav: [intro, mindsets, skills, glossary]
EOF
cat > content/mindsets.yaml <<'EOF'
title: { ja: 求められる意識, en: Mindsets }
mindsets:
  - id: public-service
    number: 1
    title: { ja: 公務意識, en: Public-service mindset }
    body: { ja: 法令を遵守する意識を持ちます。, en: We comply with the law. }
  - id: safety
    number: 2
    title: { ja: 心理的安全性, en: Psychological safety }
    body: { ja: 誰に対しても不安なく意見を伝えられる状態です。, en: Anyone can speak up without fear. }
EOF
cat > content/skills.yaml <<'EOF'
title: { ja: 職位と能力, en: Skills by rank }
skills:
  - id: conceptual
    name: { ja: 概念化能力, en: Conceptual skills }
    definition: { ja: 本質を見極める能力, en: Seeing to the heart of issues }
  - id: technical
    name: { ja: 業務遂行能力, en: Technical skills }
    definition: { ja: 専門知識や技術, en: Specialist knowledge and skills }
EOF
cat > content/ranks.yaml <<'EOF'
title: { ja: 職位, en: Ranks }
ranks:
  - id: shuji
    name: { ja: 主事, en: Staff }
    romaji: shuji
    weights: { conceptual: 20, technical: 80 }
  - id: kacho
    name: { ja: 課長, en: Division Director }
    romaji: kachō
    weights: { conceptual: 70, technical: 30 }
EOF
cat > content/glossary.yaml <<'EOF'
title: { ja: 用語集, en: Glossary }
terms:
  - id: ojt
    term: { ja: OJT, en: OJT }
    definition: { ja: 職場で仕事を通じて行う研修です。, en: Training on the job. }
  - id: off-jt
    term: { ja: Off-JT, en: Off-JT }
    definition: { ja: 職場を離れて行う研修です。, en: Training away from the job. }
EOF
cat > content/pages/intro.ja.md <<'EOF'
---
title: はじめに
weight: 10
---

## 背景

第一段落です。人材育成の方針を示します。

第二段落です。職員の成長を支えます。

第三段落です。組織全体で取り組みます。
EOF
cat > content/pages/intro.en.md <<'EOF'
---
title: Introduction
weight: 10
---

## Background

First paragraph. This sets out the policy.

Second paragraph. It supports the growth of staff.

Third paragraph. The whole organisation takes part.
EOF
cat > content/pages/guide.ja.md <<'EOF'
---
title: 旧い手引き
weight: 20
---

この手引きは次の版で廃止されます。
EOF
cat > content/pages/guide.en.md <<'EOF'
---
title: Old guide
weight: 20
---

This guide is withdrawn in the next version.
EOF
"$P" --messages en translations --confirm --all >/dev/null
"$P" --messages en revise 1.0 --date 2027-01-10 --note ja=制定 --note en=Adopted
# 1.1: a reworded sentence (ja and en), a changed weight, a paragraph inserted in the middle
sed -i 's/法令を遵守する意識を持ちます。/法令を遵守し、高い倫理観を持って行動します。/; s/We comply with the law./We comply with the law and act with integrity./' content/mindsets.yaml
sed -i 's/weights: { conceptual: 20, technical: 80 }/weights: { conceptual: 30, technical: 70 }/' content/ranks.yaml
sed -i 's/^第二段落です。/挿入された段落です。研修の機会を広げます。\n\n第二段落です。/' content/pages/intro.ja.md
sed -i 's/^Second paragraph./An inserted paragraph. It widens training.\n\nSecond paragraph./' content/pages/intro.en.md
"$P" --messages en translations --confirm --all >/dev/null
"$P" --messages en revise 1.1 --date 2027-04-01 --note ja=倫理観の記述と主事の能力の比重を改めた --note "en=Integrity added; staff weights changed"
# 1.2: a glossary term added and one removed, the mindsets reordered, a page added and one removed
cat > content/glossary.yaml <<'EOF'
title: { ja: 用語集, en: Glossary }
terms:
  - id: ojt
    term: { ja: OJT, en: OJT }
    definition: { ja: 職場で仕事を通じて行う研修です。, en: Training on the job. }
  - id: sdl
    term: { ja: 自己啓発, en: Self-development }
    definition: { ja: 自ら学ぶことです。, en: Learning on one's own initiative. }
EOF
cat > content/mindsets.yaml <<'EOF'
title: { ja: 求められる意識, en: Mindsets }
mindsets:
  - id: safety
    number: 2
    title: { ja: 心理的安全性, en: Psychological safety }
    body: { ja: 誰に対しても不安なく意見を伝えられる状態です。, en: Anyone can speak up without fear. }
  - id: public-service
    number: 1
    title: { ja: 公務意識, en: Public-service mindset }
    body: { ja: 法令を遵守し、高い倫理観を持って行動します。, en: We comply with the law and act with integrity. }
EOF
rm content/pages/guide.ja.md content/pages/guide.en.md
printf -- '---\ntitle: 研修\nweight: 30\n---\n\n新しく設けた研修のページです。\n' > content/pages/training.ja.md
printf -- '---\ntitle: Training\nweight: 30\n---\n\nA new page about training.\n' > content/pages/training.en.md
"$P" --messages en translations --confirm --all >/dev/null
"$P" --messages en revise 1.2 --date 2027-10-01 --note ja=用語と研修のページを改めた --note "en=Glossary and training page revised"
"$P" --messages en translations --confirm --all >/dev/null
