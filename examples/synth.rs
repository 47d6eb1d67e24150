//! Writes a synthetic site for benchmarks: the bundled `content/` plus `N` Markdown
//! pages per language (Japanese and English), in sections of 50.
//!
//! ```sh
//! cargo run --release --example synth -- N DIR [--hugo DIR2]
//! ```
//!
//! `DIR/content/` is a copy of this checkout's `content/` (the bundled policy) plus
//! `pages/sNNN/_index.{ja,en}.md` and `pages/sNNN/pMMM.{ja,en}.md`. Each page is
//! about 1.5 KB: an introduction, three `##` headings, a list, a small table and two
//! links to other synthetic pages (`pMMM.md` in the same section, `../sNNN/pMMM.md`
//! in another), always to pages that exist. `site.yaml` is copied unchanged: sections
//! that `nav` does not name are appended to the sidebar by the generator.
//!
//! With `--hugo DIR2`, the same pages are also written as a bilingual Hugo site
//! (`hugo.toml`, `content/{ja,en}/sNNN/…`, a minimal layout with a sidebar,
//! breadcrumbs, a table of contents, prev/next and language links, and a render
//! hook that resolves the same `.md` links), so `bench/run.sh` can compare the two.
//!
//! The output is a pure function of `N`: the text is chosen by a small inline
//! hash of the page's number, never by a random source, so every run writes the
//! same bytes. `DIR` must be empty, absent, or an earlier output of this program
//! (it holds a `.synth` marker); its `content/` is replaced.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Pages per section.
const SECTION_SIZE: usize = 50;
/// The file that marks a folder as written by this program, so it may be replaced.
const MARKER: &str = ".synth";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("usage: cargo run --release --example synth -- N DIR [--hugo DIR2]");
            return ExitCode::from(2);
        }
    };
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let layout = Layout::new(options.pages);
    if let Err(message) = write_policy_site(&bundled, &options.dir, &layout) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    println!(
        "wrote {} pages per language in {} sections to {}",
        layout.pages,
        layout.sections(),
        options.dir.display()
    );
    if let Some(hugo) = &options.hugo {
        if let Err(message) = write_hugo_site(hugo, &layout) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        println!("wrote the same pages as a Hugo site to {}", hugo.display());
    }
    ExitCode::SUCCESS
}

struct Options {
    pages: usize,
    dir: PathBuf,
    hugo: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut hugo = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--hugo" {
            let dir = iter.next().ok_or("`--hugo` needs a folder")?;
            hugo = Some(PathBuf::from(dir));
        } else if let Some(dir) = arg.strip_prefix("--hugo=") {
            hugo = Some(PathBuf::from(dir));
        } else if arg.starts_with("--") {
            return Err(format!("unknown option `{arg}`"));
        } else {
            positional.push(arg);
        }
    }
    let [count, dir] = positional.as_slice() else {
        return Err("expected two arguments: the number of pages per language and a folder".into());
    };
    let pages = count
        .replace('_', "")
        .parse::<usize>()
        .map_err(|_| format!("`{count}` is not a number of pages"))?;
    Ok(Options {
        pages,
        dir: PathBuf::from(dir),
        hugo,
    })
}

// ---------------------------------------------------------------------------
// Layout: which pages exist and what they link to.

/// The synthetic pages: `pages` of them, numbered from 0, in sections of 50.
struct Layout {
    pages: usize,
    /// Digits in a section number (`s001`); more when there are over 999 sections.
    width: usize,
}

/// One synthetic page, by section and position (both from 1).
#[derive(Clone, Copy)]
struct PageId {
    section: usize,
    page: usize,
}

impl Layout {
    fn new(pages: usize) -> Self {
        let sections = pages.div_ceil(SECTION_SIZE);
        let width = sections.to_string().len().max(3);
        Layout { pages, width }
    }

    fn sections(&self) -> usize {
        self.pages.div_ceil(SECTION_SIZE)
    }

    /// Pages in section `section` (from 1); the last may be short.
    fn pages_in(&self, section: usize) -> usize {
        (self.pages - (section - 1) * SECTION_SIZE).min(SECTION_SIZE)
    }

    fn id(&self, index: usize) -> PageId {
        PageId {
            section: index / SECTION_SIZE + 1,
            page: index % SECTION_SIZE + 1,
        }
    }

    fn index(&self, id: PageId) -> usize {
        (id.section - 1) * SECTION_SIZE + id.page - 1
    }

    fn section_name(&self, section: usize) -> String {
        format!("s{section:0width$}", width = self.width)
    }

    /// The two pages that `from` links to: the next one in its section (or the
    /// first), and one in another section chosen by a fixed hash.
    fn link_targets(&self, from: PageId) -> [PageId; 2] {
        let in_section = self.pages_in(from.section);
        let near = PageId {
            section: from.section,
            page: from.page % in_section + 1,
        };
        let index = self.index(from);
        let mut far = (mix(index as u64 ^ 0x5eed) % self.pages as u64) as usize;
        if far == index && self.pages > 1 {
            far = (far + SECTION_SIZE + 1) % self.pages;
        }
        [near, self.id(far)]
    }

    /// The link to `to` as written in the page `from`, relative to `from`'s file.
    fn link(&self, from: PageId, to: PageId) -> String {
        if from.section == to.section {
            format!("p{:03}.md", to.page)
        } else {
            format!("../{}/p{:03}.md", self.section_name(to.section), to.page)
        }
    }
}

/// A 64-bit mixing function (splitmix64's finaliser): the only "randomness" here.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A deterministic stream of choices for one page.
struct Picker(u64);

impl Picker {
    fn new(seed: u64) -> Self {
        Picker(mix(seed))
    }

    /// An index below `len`.
    fn below(&mut self, len: usize) -> usize {
        self.0 = mix(self.0);
        (self.0 % len as u64) as usize
    }

    /// `count` distinct indices below `len` (`count <= len`): a walk from a chosen
    /// start by a step that shares no factor with `len`, so no index repeats.
    fn distinct(&mut self, count: usize, len: usize) -> Vec<usize> {
        let start = self.below(len);
        let step = [3, 5, 7, 11, 13]
            .into_iter()
            .find(|&s| gcd(s, len) == 1)
            .unwrap_or(1);
        (0..count).map(|i| (start + i * step) % len).collect()
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

// ---------------------------------------------------------------------------
// Text: pools of sentences, headings and table rows in both languages. The same
// choice is made for both languages, so the English page translates the Japanese.

/// Topics: the page title's subject.
const TOPICS: &[(&str, &str)] = &[
    ("新任係長研修", "Training for newly appointed chiefs"),
    (
        "職場における心理的安全性",
        "Psychological safety in the workplace",
    ),
    ("OJT指導者の手引き", "A guide for OJT instructors"),
    ("人事評価面談の進め方", "Conducting appraisal interviews"),
    ("自己啓発の支援制度", "Support for self-development"),
    ("主事の基礎研修", "Foundation training for staff"),
    (
        "課長補佐のマネジメント",
        "Management for deputy section heads",
    ),
    ("デジタル人材の育成", "Developing digital talent"),
    ("ワーク・ライフ・バランス", "Work-life balance"),
    ("キャリアデザイン研修", "Career design training"),
    ("自主研究グループ", "Voluntary study groups"),
    ("メンタルヘルス対策", "Mental health measures"),
    ("窓口対応の基本", "Basics of counter service"),
    ("政策形成能力の向上", "Improving policy-making skills"),
    ("ハラスメントの防止", "Preventing harassment"),
    ("派遣研修と人事交流", "Secondments and staff exchanges"),
];

/// Headings: three distinct ones per page.
const HEADINGS: &[(&str, &str)] = &[
    ("研修の目的", "Purpose of the training"),
    ("係長に期待される役割", "What is expected of chiefs"),
    (
        "心理的安全性を高める工夫",
        "Ways to build psychological safety",
    ),
    ("対象となる職員", "Who it is for"),
    ("実施の流れ", "How it runs"),
    ("評価と振り返り", "Evaluation and reflection"),
    ("管理監督者の関わり方", "How managers take part"),
    ("よくある質問", "Frequently asked questions"),
    ("関連する制度", "Related schemes"),
    ("受講後の取組", "After the course"),
    ("職場での実践", "Putting it into practice at work"),
    ("担当と問い合わせ先", "Contacts"),
];

/// Body sentences.
const SENTENCES: &[(&str, &str)] = &[
    (
        "係長は、職場研修（OJT）の中心として、部下一人ひとりの成長を日々の業務の中で支えます。",
        "Chiefs are at the centre of on-the-job training, supporting each member of their team to grow through everyday work.",
    ),
    (
        "心理的安全性が確保された職場では、職員が失敗を恐れずに意見を述べ、新しい取組に挑戦できます。",
        "In a workplace with psychological safety, staff can speak up without fear of failure and try new approaches.",
    ),
    (
        "研修で学んだ内容は、職場に戻ってから上司と共有し、実践の計画を立てることが大切です。",
        "What is learned in training should be shared with one's manager back at work and turned into a plan for practice.",
    ),
    (
        "人事評価の面談は、目標の進み具合を確かめ、次の成長につなげる機会として活用します。",
        "Appraisal interviews are used to check progress towards goals and to plan the next step in each person's growth.",
    ),
    (
        "主事・主任の段階では、業務の基礎となる知識と技術を確実に身に付けることが求められます。",
        "At the staff and senior staff ranks, people are expected to master the knowledge and skills on which their work rests.",
    ),
    (
        "管理監督者は、部下の話に耳を傾け、挑戦を後押しする職場の雰囲気づくりに努めます。",
        "Managers listen to their staff and work to create an atmosphere that encourages people to take on challenges.",
    ),
    (
        "自己啓発に取り組む職員には、通信教育や資格取得の費用を一部助成します。",
        "Staff who pursue self-development can receive part of the cost of correspondence courses and qualifications.",
    ),
    (
        "研修の受講状況は人事課が取りまとめ、翌年度の研修計画の見直しに生かします。",
        "The personnel section collects attendance records and uses them to review the following year's training plan.",
    ),
    (
        "デジタル技術を活用した業務改善は、すべての職員に求められる取組の一つです。",
        "Improving work with digital technology is one of the things every member of staff is expected to do.",
    ),
    (
        "係長級職員は、課の方針を係の目標に落とし込み、係員と共有する役割を担います。",
        "Chief-level staff turn the section's direction into their team's goals and share them with the team.",
    ),
    (
        "職員一人ひとりが自らのキャリアを考える機会として、面談や研修を組み合わせて実施します。",
        "Interviews and training are combined to give each member of staff a chance to think about their own career.",
    ),
    (
        "心理的安全性は、率直な意見交換と互いへの敬意の積み重ねによって育まれます。",
        "Psychological safety grows from frank exchanges of views and mutual respect built up over time.",
    ),
    (
        "研修講師には、庁内の経験豊富な職員のほか、外部の専門家も招いています。",
        "Trainers include experienced colleagues from within the City as well as outside experts.",
    ),
    (
        "市民の信頼に応えるため、職員は公務員としての倫理と責任を常に意識して行動します。",
        "To earn the trust of citizens, staff always act with the ethics and responsibility of public servants in mind.",
    ),
    (
        "新しく係長になった職員には、就任後半年以内にマネジメントの基礎研修を受講してもらいます。",
        "Newly appointed chiefs attend a foundation course in management within six months of taking up the post.",
    ),
    (
        "部署を越えた自主研究グループの活動は、政策形成能力を高める貴重な場となっています。",
        "Voluntary study groups that cross departmental lines are a valuable way to build policy-making skills.",
    ),
];

/// List items.
const ITEMS: &[(&str, &str)] = &[
    (
        "研修の目標を事前に上司と確認する",
        "Agree the goals of the training with your manager beforehand",
    ),
    (
        "係内で週に一度、短い振り返りの時間を設ける",
        "Hold a short weekly review within the team",
    ),
    (
        "心理的安全性に関するアンケートを年二回実施する",
        "Run a psychological safety survey twice a year",
    ),
    (
        "OJT計画書を作成し、進み具合を記録する",
        "Write an OJT plan and record progress against it",
    ),
    (
        "面談の記録を人事評価システムに入力する",
        "Enter interview notes in the appraisal system",
    ),
    (
        "受講報告書を二週間以内に提出する",
        "Submit a course report within two weeks",
    ),
    (
        "係長と主事が二人一組で業務を点検する",
        "Chiefs and staff review work together in pairs",
    ),
    (
        "外部研修の情報を庁内掲示板で共有する",
        "Share news of external courses on the intranet board",
    ),
    (
        "新しい取組を試す時間を業務計画に含める",
        "Build time to try new approaches into the work plan",
    ),
    (
        "困ったときの相談先を職場に掲示する",
        "Post where to go for help in every workplace",
    ),
];

/// Table rows: rank, course, hours.
const ROWS: &[(&str, &str, &str, &str, u32)] = &[
    ("主事", "Staff", "基礎研修", "Foundation course", 12),
    (
        "主任・主査",
        "Senior staff",
        "実務研修",
        "Practical skills course",
        9,
    ),
    ("係長", "Chief", "マネジメント研修", "Management course", 15),
    (
        "課長補佐",
        "Deputy section head",
        "政策形成研修",
        "Policy-making course",
        10,
    ),
    (
        "課長",
        "Section head",
        "組織運営研修",
        "Organisational management course",
        8,
    ),
    (
        "次長",
        "Deputy director",
        "リーダーシップ研修",
        "Leadership course",
        6,
    ),
    (
        "部長",
        "Director",
        "トップマネジメント研修",
        "Top management course",
        4,
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ja,
    En,
}

const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    fn pick<'a>(self, pair: &(&'a str, &'a str)) -> &'a str {
        match self {
            Lang::Ja => pair.0,
            Lang::En => pair.1,
        }
    }
}

/// The choices behind one page, shared by both languages.
struct PagePlan {
    topic: usize,
    headings: Vec<usize>,
    sentences: Vec<usize>,
    items: Vec<usize>,
    rows: Vec<usize>,
}

impl PagePlan {
    fn new(index: usize) -> Self {
        let mut picker = Picker::new(index as u64);
        PagePlan {
            topic: picker.below(TOPICS.len()),
            headings: picker.distinct(3, HEADINGS.len()),
            sentences: picker.distinct(8, SENTENCES.len()),
            items: picker.distinct(4, ITEMS.len()),
            rows: picker.distinct(3, ROWS.len()),
        }
    }
}

fn page_title(layout: &Layout, id: PageId, lang: Lang) -> String {
    let topic = lang.pick(&TOPICS[PagePlan::new(layout.index(id)).topic]);
    match lang {
        Lang::Ja => format!("{topic}（第{}章 第{}節）", id.section, id.page),
        Lang::En => format!("{topic} ({}.{})", id.section, id.page),
    }
}

fn section_title(section: usize, lang: Lang) -> String {
    let topic = lang.pick(&TOPICS[(section - 1) % TOPICS.len()]);
    match lang {
        Lang::Ja => format!("研修ハンドブック 第{section}章：{topic}"),
        Lang::En => format!("Training handbook, chapter {section}: {topic}"),
    }
}

/// The Markdown body of one page (no front matter): the same for both generators.
fn page_body(layout: &Layout, id: PageId, lang: Lang) -> String {
    let plan = PagePlan::new(layout.index(id));
    let sentence = |i: usize| lang.pick(&SENTENCES[plan.sentences[i]]);
    let space = if lang == Lang::Ja { "" } else { " " };
    let mut out = String::with_capacity(2048);
    let _ = writeln!(out, "{}{space}{}\n", sentence(0), sentence(1));

    let _ = writeln!(out, "## {}\n", lang.pick(&HEADINGS[plan.headings[0]]));
    let _ = writeln!(out, "{}{space}{}\n", sentence(2), sentence(3));
    for &item in &plan.items {
        let _ = writeln!(out, "- {}", lang.pick(&ITEMS[item]));
    }
    out.push('\n');

    let _ = writeln!(out, "## {}\n", lang.pick(&HEADINGS[plan.headings[1]]));
    let _ = writeln!(out, "{}{space}{}\n", sentence(4), sentence(5));
    let header = match lang {
        Lang::Ja => "| 職位 | 研修 | 時間 |\n| --- | --- | ---: |",
        Lang::En => "| Rank | Course | Hours |\n| --- | --- | ---: |",
    };
    let _ = writeln!(out, "{header}");
    for &row in &plan.rows {
        let (rank_ja, rank_en, course_ja, course_en, hours) = ROWS[row];
        let (rank, course) = match lang {
            Lang::Ja => (rank_ja, course_ja),
            Lang::En => (rank_en, course_en),
        };
        let _ = writeln!(out, "| {rank} | {course} | {hours} |");
    }
    out.push('\n');

    let _ = writeln!(out, "## {}\n", lang.pick(&HEADINGS[plan.headings[2]]));
    let [near, far] = layout.link_targets(id);
    let (near_title, far_title) = (
        page_title(layout, near, lang),
        page_title(layout, far, lang),
    );
    let (near_link, far_link) = (layout.link(id, near), layout.link(id, far));
    match lang {
        Lang::Ja => {
            let _ = writeln!(
                out,
                "{}続けて「[{near_title}]({near_link})」も読んでください。{}関連する内容は「[{far_title}]({far_link})」にまとめています。",
                sentence(6),
                sentence(7),
            );
        }
        Lang::En => {
            let _ = writeln!(
                out,
                "{} Read “[{near_title}]({near_link})” next. {} Related material is collected in “[{far_title}]({far_link})”.",
                sentence(6),
                sentence(7),
            );
        }
    }
    out
}

fn page_description(layout: &Layout, id: PageId, lang: Lang) -> String {
    let plan = PagePlan::new(layout.index(id));
    lang.pick(&SENTENCES[plan.sentences[0]]).to_string()
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Front matter shared by both generators (the fields mean the same in each).
fn front_matter(title: &str, weight: usize, description: Option<&str>) -> String {
    let mut out = format!("---\ntitle: {}\nweight: {weight}\n", yaml_string(title));
    if let Some(description) = description {
        let _ = writeln!(out, "description: {}", yaml_string(description));
    }
    out.push_str("---\n\n");
    out
}

// ---------------------------------------------------------------------------
// Writing.

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Makes `dir` ready to receive output: absent, empty, or written by this program
/// before (then `subdirs` are removed). Never clears a folder it did not write.
fn prepare_dir(dir: &Path, subdirs: &[&str]) -> Result<(), String> {
    if dir.exists() {
        let marker = dir.join(MARKER);
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty && !marker.is_file() {
            return Err(format!(
                "{} is not empty and was not written by synth (no {MARKER} file); choose another folder",
                dir.display()
            ));
        }
        for sub in subdirs {
            let path = dir.join(sub);
            if path.exists() {
                fs::remove_dir_all(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
        }
    }
    write_file(
        &dir.join(MARKER),
        "written by `cargo run --example synth`; safe to delete\n",
    )
}

/// Copies the folder `from` into `to`, recursively (regular files and folders only).
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let mut entries: Vec<_> = fs::read_dir(from)
        .map_err(|e| format!("cannot read {}: {e}", from.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            fs::copy(entry.path(), &target).map_err(|e| {
                format!(
                    "cannot copy {} to {}: {e}",
                    entry.path().display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

/// The policy-site version: bundled content plus `content/pages/sNNN/`.
fn write_policy_site(bundled: &Path, dir: &Path, layout: &Layout) -> Result<(), String> {
    prepare_dir(dir, &["content", "public"])?;
    copy_tree(bundled, &dir.join("content"))?;
    let pages = dir.join("content/pages");
    for section in 1..=layout.sections() {
        let folder = pages.join(layout.section_name(section));
        for lang in LANGS {
            let index = front_matter(&section_title(section, lang), 1000 + section, None);
            write_file(&folder.join(format!("_index.{}.md", lang.code())), &index)?;
        }
        for page in 1..=layout.pages_in(section) {
            let id = PageId { section, page };
            for lang in LANGS {
                let text = front_matter(
                    &page_title(layout, id, lang),
                    page * 10,
                    Some(&page_description(layout, id, lang)),
                ) + &page_body(layout, id, lang);
                write_file(
                    &folder.join(format!("p{page:03}.{}.md", lang.code())),
                    &text,
                )?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The Hugo version of the same pages.

const HUGO_CONFIG: &str = r##"# Written by `cargo run --example synth -- N DIR --hugo DIR2`.
# Chosen to match policy-site's output: one tree per language (/ja/, /en/),
# every page a .html file (uglyURLs), every link relative (relativeURLs), so the
# site works from file://. Taxonomies and RSS are off: policy-site has neither.
baseURL = "https://intranet.example/"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
uglyURLs = true
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS"]
enableGitInfo = false

[markup.goldmark.parser]
  autoHeadingIDType = "github"
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3

[languages.ja]
  languageName = "日本語"
  title = "小山市人材育成基本方針"
  weight = 1
  contentDir = "content/ja"
[languages.en]
  languageName = "English"
  title = "Oyama City Basic Policy on Human Resource Development"
  weight = 2
  contentDir = "content/en"
"##;

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}<link rel="stylesheet" href="/style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav class="langs">{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
</header>
<div class="wrap">
<nav class="sidebar">
{{/* As policy-site's compact sidebar: sections in groups of 15, the page's own group
     listed and each other group one link; the open section's pages in runs of 10, the
     page's own run listed and each other run one link. */}}
{{ $page := . }}{{ $current := .CurrentSection }}{{ $sections := .Site.Home.Sections }}
{{ $at := 0 }}{{ range $i, $s := $sections }}{{ if eq $s $current }}{{ $at = $i }}{{ end }}{{ end }}
<ul>
{{ range $i, $s := $sections }}{{ if eq (div $i 15) (div $at 15) }}<li><a href="{{ $s.RelPermalink }}">{{ $s.Title }}</a>
{{ if eq $s $current }}{{ $pages := $s.RegularPages }}{{ $here := 0 }}{{ range $j, $p := $pages }}{{ if eq $p $page }}{{ $here = $j }}{{ end }}{{ end }}<ul>
{{ range $j, $p := $pages }}{{ if eq (div $j 10) (div $here 10) }}<li><a href="{{ $p.RelPermalink }}"{{ if eq $p $page }} aria-current="page"{{ end }}>{{ $p.Title }}</a></li>
{{ else if eq (mod $j 10) 0 }}{{ $left := sub (len $pages) $j }}<li class="group"><a href="{{ $p.RelPermalink }}">{{ $p.Title }} <span class="more">and {{ if gt $left 10 }}9{{ else }}{{ sub $left 1 }}{{ end }} more</span></a></li>
{{ end }}{{ end }}</ul>{{ end }}</li>
{{ else if eq (mod $i 15) 0 }}{{ $left := sub (len $sections) $i }}<li class="group"><a href="{{ $s.RelPermalink }}">{{ $s.Title }} <span class="more">and {{ if gt $left 15 }}14{{ else }}{{ sub $left 1 }}{{ end }} more</span></a></li>
{{ end }}{{ end }}
</ul>
</nav>
<main id="main">
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>
{{ block "main" . }}{{ end }}
</main>
</div>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
<nav class="prevnext">
{{/* Hugo's PrevInSection is the page after this one in weight order */}}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
{{ end }}
"##;

const HUGO_LIST: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}: {{ . }}{{ end }}</li>
{{ end }}
</ul>
{{ end }}
"##;

/// Resolves `pMMM.md` and `../sNNN/pMMM.md` like policy-site does, failing the build
/// on a link that leads nowhere (policy-site checks every link too).
const HUGO_RENDER_LINK: &str = r##"{{- $dest := .Destination -}}
{{- if and (not (strings.Contains $dest "://")) (strings.Contains $dest ".md") -}}
{{- $parts := split $dest "#" -}}
{{- $target := .Page.GetPage (strings.TrimSuffix ".md" (index $parts 0)) -}}
{{- if $target -}}{{- $dest = $target.RelPermalink -}}{{- if gt (len $parts) 1 -}}{{- $dest = printf "%s#%s" $dest (index $parts 1) -}}{{- end -}}
{{- else -}}{{- errorf "%s: link to %s leads nowhere" .Page.File.Path .Destination -}}{{- end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}">{{ .Text | safeHTML }}</a>"##;

const HUGO_CSS: &str = "body{font-family:system-ui,sans-serif;margin:0}\
.wrap{display:flex}.sidebar{width:18rem}main{flex:1;padding:1rem}\n";

fn write_hugo_site(dir: &Path, layout: &Layout) -> Result<(), String> {
    prepare_dir(
        dir,
        &["content", "layouts", "static", "public", "resources"],
    )?;
    write_file(&dir.join("hugo.toml"), HUGO_CONFIG)?;
    let layouts = dir.join("layouts/_default");
    write_file(&layouts.join("baseof.html"), HUGO_BASEOF)?;
    write_file(&layouts.join("single.html"), HUGO_SINGLE)?;
    write_file(&layouts.join("list.html"), HUGO_LIST)?;
    write_file(&layouts.join("_markup/render-link.html"), HUGO_RENDER_LINK)?;
    write_file(&dir.join("static/style.css"), HUGO_CSS)?;
    for lang in LANGS {
        let root = dir.join("content").join(lang.code());
        let home = match lang {
            Lang::Ja => front_matter("小山市人材育成基本方針", 0, None),
            Lang::En => front_matter(
                "Oyama City Basic Policy on Human Resource Development",
                0,
                None,
            ),
        };
        write_file(&root.join("_index.md"), &home)?;
        for section in 1..=layout.sections() {
            let folder = root.join(layout.section_name(section));
            let index = front_matter(&section_title(section, lang), 1000 + section, None);
            write_file(&folder.join("_index.md"), &index)?;
            for page in 1..=layout.pages_in(section) {
                let id = PageId { section, page };
                let text = front_matter(
                    &page_title(layout, id, lang),
                    page * 10,
                    Some(&page_description(layout, id, lang)),
                ) + &page_body(layout, id, lang);
                write_file(&folder.join(format!("p{page:03}.md")), &text)?;
            }
        }
    }
    Ok(())
}
