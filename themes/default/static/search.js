// Search for policy-site, on LANG/search.html only. It reads the index that
// LANG/search-index.js sets as window.policySearchIndex (see src/search/mod.rs for
// its layout): the whole index, or for a large site a manifest whose parts
// (LANG/search/*.js) are added as <script> elements when a query needs them. Nothing
// is fetched, so search works from file://, offline and in any folder.
//
// Queries are split exactly as src/search/tokens.rs splits the indexed text (with
// the tables the index carries), stemmed as src/search/stem.rs stems, and ranked
// exactly as SearchIndex::answer ranks; the browser test compares the two.
// Text from the content is only ever inserted as text nodes (and <mark> elements
// around them), never as HTML.
(function () {
  "use strict";

  // ---- Normalising and splitting text (the same rules as src/search/tokens.rs) ----

  // The tables of the tokeniser come with the index (src/search/tokens.rs, TABLES),
  // so this script and the index always split alike.
  var T = (window.policySearchIndex && window.policySearchIndex.tables) || {
    halfWidthKana: "", voiceable: "", semiVoiceable: "", accented: "", unaccented: "",
    droppedAfterKatakana: "", endings: [], particles: "", stopWords: [], step2: [], step3: [], step4: []
  };
  var ACCENTED = Array.from(T.accented);
  var UNACCENTED = Array.from(T.unaccented);
  var WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;
  var ALPHABETIC = /\p{Alphabetic}/u;

  function isJapanese(c) {
    var code = c.codePointAt(0);
    return (code >= 0x3005 && code <= 0x3007) ||
      (code >= 0x3041 && code <= 0x309F) ||
      (code >= 0x30A0 && code <= 0x30FA) ||
      (code >= 0x30FC && code <= 0x30FF) ||
      (code >= 0x31F0 && code <= 0x31FF) ||
      (code >= 0x3400 && code <= 0x4DBF) ||
      (code >= 0x4E00 && code <= 0x9FFF) ||
      (code >= 0xF900 && code <= 0xFAFF) ||
      (code >= 0x20000 && code <= 0x3FFFF);
  }

  function isKatakana(c) {
    var code = c.codePointAt(0);
    return code >= 0x30A1 && code <= 0x30FA;
  }

  function isHiragana(c) {
    var code = c.codePointAt(0);
    return code >= 0x3041 && code <= 0x309F;
  }

  function isWordChar(c) {
    return !isJapanese(c) && WORD_CHAR.test(c);
  }

  function lower(c) {
    var out = "";
    for (var l of c.toLowerCase()) {
      var i = ACCENTED.indexOf(l);
      out += i >= 0 ? UNACCENTED[i] : l;
    }
    return out;
  }

  // The normalised form of `text` as pieces: each normalised character with the
  // span [start, end) of the original text it came from (for highlighting). A middle
  // dot or long-vowel mark after a katakana has no piece.
  function normalisedPieces(text) {
    var pieces = [];
    var at = 0;
    for (var c of text) {
      var code = c.codePointAt(0);
      var piece = { c: "", start: at, end: at + c.length };
      at += c.length;
      var last = pieces.length ? pieces[pieces.length - 1] : null;
      if (code >= 0xFF01 && code <= 0xFF5E) {
        piece.c = lower(String.fromCodePoint(code - 0xFEE0));
      } else if (code === 0x3000) {
        piece.c = " ";
      } else if (code >= 0xFF61 && code <= 0xFF9F) {
        var full = Array.from(T.halfWidthKana)[code - 0xFF61];
        var joined = last ? joinVoicing(last.c, full) : null;
        if (joined) {
          last.c = joined;
          last.end = piece.end;
          continue;
        }
        piece.c = full;
      } else {
        piece.c = lower(c);
      }
      if (last && T.droppedAfterKatakana.indexOf(piece.c) >= 0 && isKatakana(Array.from(last.c).pop())) continue;
      pieces.push(piece);
    }
    return pieces;
  }

  function joinVoicing(previous, mark) {
    if (mark === "゛" && previous === "ウ") return "ヴ";
    if (mark === "゛" && previous.length === 1 && T.voiceable.indexOf(previous) >= 0) {
      return String.fromCharCode(previous.charCodeAt(0) + 1);
    }
    if (mark === "゜" && previous.length === 1 && T.semiVoiceable.indexOf(previous) >= 0) {
      return String.fromCharCode(previous.charCodeAt(0) + 2);
    }
    return null;
  }

  function normalise(text) {
    return normalisedPieces(text).map(function (p) { return p.c; }).join("");
  }

  // Runs of word characters and of Japanese in normalised `text`, as {text, japanese, end}.
  function runs(text) {
    var out = [];
    var current = "";
    var currentJapanese = false;
    var at = 0;
    for (var c of text) {
      var japanese = isJapanese(c);
      if (!japanese && !isWordChar(c)) {
        if (current) out.push({ text: current, japanese: currentJapanese, end: at });
        current = "";
      } else {
        if (current && japanese !== currentJapanese) {
          out.push({ text: current, japanese: currentJapanese, end: at });
          current = "";
        }
        currentJapanese = japanese;
        current += c;
      }
      at += c.length;
    }
    if (current) out.push({ text: current, japanese: currentJapanese, end: at });
    return out;
  }

  // ---- The Porter stemmer (the same steps as src/search/stem.rs) ----

  function isConsonant(w, i) {
    var c = w[i];
    if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
    if (c === "y") return i === 0 || !isConsonant(w, i - 1);
    return true;
  }

  // The number of vowel-consonant sequences in the first `len` letters of `w`.
  function measure(w, len) {
    var count = 0;
    var i = 0;
    while (i < len && isConsonant(w, i)) i++;
    for (;;) {
      while (i < len && !isConsonant(w, i)) i++;
      if (i >= len) return count;
      while (i < len && isConsonant(w, i)) i++;
      count++;
    }
  }

  function vowelIn(w, len) {
    for (var i = 0; i < len; i++) if (!isConsonant(w, i)) return true;
    return false;
  }

  function doubleConsonant(w, len) {
    return len >= 2 && w[len - 1] === w[len - 2] && isConsonant(w, len - 1);
  }

  function cvc(w, len) {
    return len >= 3 && isConsonant(w, len - 1) && !isConsonant(w, len - 2) && isConsonant(w, len - 3) &&
      "wxy".indexOf(w[len - 1]) < 0;
  }

  function ends(w, suffix) {
    return w.length >= suffix.length && w.slice(w.length - suffix.length) === suffix;
  }

  function step1ab(w) {
    if (ends(w, "sses")) w = w.slice(0, -2);
    else if (ends(w, "ies")) w = w.slice(0, -2);
    else if (ends(w, "s") && !ends(w, "ss")) w = w.slice(0, -1);
    if (ends(w, "eed")) {
      return measure(w, w.length - 3) > 0 ? w.slice(0, -1) : w;
    }
    var suffix = ends(w, "ed") ? "ed" : ends(w, "ing") ? "ing" : null;
    if (!suffix || !vowelIn(w, w.length - suffix.length)) return w;
    w = w.slice(0, w.length - suffix.length);
    if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) return w + "e";
    if (doubleConsonant(w, w.length)) {
      return "lsz".indexOf(w[w.length - 1]) < 0 ? w.slice(0, -1) : w;
    }
    if (measure(w, w.length) === 1 && cvc(w, w.length)) return w + "e";
    return w;
  }

  function replaceFirst(w, rules) {
    for (var i = 0; i < rules.length; i++) {
      if (ends(w, rules[i][0])) {
        var len = w.length - rules[i][0].length;
        return measure(w, len) > 0 ? w.slice(0, len) + rules[i][1] : w;
      }
    }
    return w;
  }

  function step4(w) {
    for (var i = 0; i < T.step4.length; i++) {
      var suffix = T.step4[i];
      if (!ends(w, suffix)) continue;
      var len = w.length - suffix.length;
      if (suffix === "ion" && !(len > 0 && (w[len - 1] === "s" || w[len - 1] === "t"))) return w;
      return measure(w, len) > 1 ? w.slice(0, len) : w;
    }
    return w;
  }

  function step5(w) {
    var len = w.length;
    if (ends(w, "e")) {
      var m = measure(w, len - 1);
      if (m > 1 || (m === 1 && !cvc(w, len - 1))) w = w.slice(0, -1);
    }
    if (ends(w, "ll") && measure(w, len) > 1) w = w.slice(0, -1);
    return w;
  }

  // The stem of a word (lower-case ASCII letters; anything else is kept as it is).
  function stem(word) {
    if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
    var w = step1ab(word);
    if (w.length > 1) {
      if (ends(w, "y") && vowelIn(w, w.length - 1)) w = w.slice(0, -1) + "i";
      w = replaceFirst(w, T.step2);
      w = replaceFirst(w, T.step3);
      w = step4(w);
      w = step5(w);
    }
    return w;
  }

  // The tokens the index stores for `text` (used by the tests to compare with Rust).
  function tokens(text) {
    var normalised = normalise(text);
    var all = runs(normalised);
    var out = [];
    all.forEach(function (run, i) {
      if (!run.japanese) {
        out.push(stem(run.text));
        var next = all[i + 1];
        if (next && !next.japanese && normalised[run.end] === "-" && next.end - next.text.length === run.end + 1) {
          out.push(stem(run.text + next.text));
        }
        return;
      }
      var chars = Array.from(run.text);
      for (var j = 0; j + 1 < chars.length; j++) out.push(chars[j] + chars[j + 1]);
      out.push(chars[chars.length - 1]);
    });
    return out;
  }

  // ---- Reading a query (the same as tokens::Query::parse) ----

  // `run` without the question endings it ends with (never to nothing).
  function withoutEndings(run) {
    for (;;) {
      var best = null;
      T.endings.forEach(function (e) {
        if (run.length > e.length && ends(run, e) && (!best || e.length >= best.length)) best = e;
      });
      if (!best) return run;
      run = run.slice(0, run.length - best.length);
    }
  }

  // The weighted bigrams of a Japanese query run.
  function japaneseTerms(chars) {
    function particle(i) {
      return T.particles.indexOf(chars[i]) >= 0 && (i === 0 || !isHiragana(chars[i - 1])) &&
        (i + 1 >= chars.length || !isHiragana(chars[i + 1]));
    }
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      var a = isHiragana(chars[i]);
      var b = isHiragana(chars[i + 1]);
      var weight = !a && !b ? 4 : a && b && !particle(i) && !particle(i + 1) ? 2 : 1;
      out.push({ text: chars[i] + chars[i + 1], prefix: false, weight: weight });
    }
    return out;
  }

  function sameTerm(a, b) {
    return a.text === b.text && a.prefix === b.prefix;
  }

  // The groups of a query: {text, japanese, optional, terms: [{text, prefix, weight}]}.
  function parseQuery(query) {
    var groups = [];
    runs(normalise(query)).forEach(function (run) {
      var group;
      if (run.japanese) {
        var kept = withoutEndings(run.text);
        var chars = Array.from(kept);
        group = {
          text: kept,
          japanese: true,
          optional: T.endings.indexOf(run.text) >= 0,
          terms: chars.length === 1 ? [{ text: kept, prefix: true, weight: 4 }] : japaneseTerms(chars)
        };
      } else {
        var letters = Array.from(run.text);
        var optional = T.stopWords.indexOf(run.text) >= 0;
        group = {
          text: run.text,
          japanese: false,
          optional: optional,
          terms: [{
            text: stem(run.text),
            prefix: letters.length >= 2 && letters.some(function (c) { return ALPHABETIC.test(c); }),
            weight: optional ? 1 : 4
          }]
        };
      }
      var repeated = groups.some(function (g) {
        return g.optional === group.optional && g.terms.length === group.terms.length &&
          g.terms.every(function (t, i) { return sameTerm(t, group.terms[i]) && t.weight === group.terms[i].weight; });
      });
      if (!repeated) groups.push(group);
    });
    if (groups.every(function (g) { return g.optional; })) groups.forEach(function (g) { g.optional = false; });
    groups.forEach(function (g) {
      g.terms = g.terms.filter(function (t, i) {
        return !g.terms.slice(0, i).some(function (s) { return sameTerm(s, t); });
      });
    });
    return groups;
  }

  // The terms of a query, as {text, prefix, weight}, without repeats.
  function queryTerms(query) {
    var out = [];
    parseQuery(query).forEach(function (g) {
      g.terms.forEach(function (t) {
        if (!out.some(function (o) { return sameTerm(o, t); })) out.push(t);
      });
    });
    return out;
  }

  // ---- The index and its parts (see src/search/mod.rs for both formats) ----

  // The last of `firsts` (sorted) at or before `key`, or 0.
  function partOf(firsts, key) {
    var low = 0;
    var high = firsts.length;
    while (low < high) {
      var middle = (low + high) >>> 1;
      if (firsts[middle] <= key) low = middle + 1; else high = middle;
    }
    return Math.max(0, low - 1);
  }

  // The parts requested so far, by URL: a promise each, dropped if loading fails.
  var requested = new Map();

  // Where the parts are: beside search-index.js, whatever folder the site is in.
  function partsFolder() {
    var script = document.querySelector('script[src$="search-index.js"]');
    return script ? script.src.replace(/search-index\.js$/, "") : "";
  }

  // Loads the script at `url`; each script is evaluated in its own task.
  function loadScript(url) {
    var promise = requested.get(url);
    if (promise) return promise;
    promise = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () {
        script.remove();
        resolve();
      };
      script.onerror = function () {
        requested.delete(url);
        script.remove();
        reject(new Error("cannot load " + url));
      };
      document.head.appendChild(script);
    });
    requested.set(url, promise);
    return promise;
  }

  // One language's index: format 1 (everything in one script) or 2 (a manifest; the
  // parts add themselves to data.parts as search/NAME.js loads).
  function Index(data) {
    this.data = data;
    if (data.v === 2) {
      this.termFirsts = data.termParts.map(function (p) { return p[0]; });
      this.termStarts = data.termParts.map(function (p) { return p[1]; });
      this.sectionStarts = data.sectionParts;
      this.sectionCount = data.sections;
      this.parts = data.parts;
    } else {
      this.termFirsts = [""];
      this.termStarts = [0];
      this.sectionStarts = [0];
      this.sectionCount = data.sections.length;
      this.parts = {
        "terms-0": data,
        "sections-0": { page: 0, pages: data.pages, sections: data.sections }
      };
    }
    this.folder = "";
  }

  // The term parts that may hold terms `term` matches, as numbers.
  Index.prototype.termParts = function (term) {
    if (!this.termFirsts.length) return [];
    var k = partOf(this.termFirsts, term.text);
    var out = [k];
    while (term.prefix && k + 1 < this.termFirsts.length && this.termFirsts[k + 1].startsWith(term.text)) {
      out.push(++k);
    }
    return out;
  };

  Index.prototype.termPart = function (k) {
    return this.parts["terms-" + k];
  };

  Index.prototype.sectionPart = function (s) {
    return partOf(this.sectionStarts, s);
  };

  // Section `s` as {page: [path, title], anchor, heading, text}, or null if its part
  // is not loaded.
  Index.prototype.section = function (s) {
    var k = this.sectionPart(s);
    var part = this.parts["sections-" + k];
    if (!part) return null;
    var section = part.sections[s - this.sectionStarts[k]];
    return { page: part.pages[section[0] - part.page], anchor: section[1], heading: section[2], text: section[3] };
  };

  // The names of the parts `hits` need to be shown that are not loaded yet.
  Index.prototype.missingSections = function (hits) {
    var names = [];
    for (var i = 0; i < hits.length; i++) {
      var name = "sections-" + this.sectionPart(hits[i].section);
      if (!this.parts[name] && names.indexOf(name) < 0) names.push(name);
    }
    return names;
  };

  // Loads the parts `names`; resolves when all have added themselves.
  Index.prototype.load = function (names) {
    if (!this.folder) this.folder = partsFolder();
    var self = this;
    return Promise.all(names.map(function (name) {
      return loadScript(self.folder + "search/" + name + ".js").then(function () {
        if (!self.parts[name]) throw new Error("search/" + name + ".js did not load its part");
      });
    }));
  };

  // ---- Ranking (the same as SearchIndex::answer) ----

  var FIELD_SCORE = [8, 32, 64];
  var EQUAL_BONUS = 1000000;

  function decodePostings(encoded) {
    var numbers = [];
    var value = 0;
    for (var i = 0; i < encoded.length; i++) {
      var code = encoded.charCodeAt(i);
      if (code >= 95) {
        value = value * 32 + (code - 95);
      } else {
        numbers.push(value * 32 + (code - 48));
        value = 0;
      }
    }
    var out = new Int32Array(numbers.length);
    var section = 0;
    for (var j = 0; j + 1 < numbers.length; j += 2) {
      section += numbers[j];
      out[j] = section;
      out[j + 1] = numbers[j + 1];
    }
    return out;
  }

  // The score of a term found where the posting's weight says (see posting_score).
  function postingScore(w) {
    if (w <= 7) return FIELD_SCORE[0] + w;
    if (w <= 19) return FIELD_SCORE[1] + 19 - w;
    if (w <= 31) return FIELD_SCORE[2] + 31 - w;
    return 2 + Math.floor((44 - Math.min(w, 44)) / 2);
  }

  // The number of terms of the title or heading a posting is in, or -1.
  function namedLength(w) {
    var len = w >= 8 && w <= 19 ? w - 7 : w >= 20 && w <= 31 ? w - 19 : 0;
    return len > 0 && len < 12 ? len : -1;
  }

  // Are the arrays of characters `a` and `b` one edit apart (see one_edit_apart)?
  function oneEditApart(a, b) {
    var start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start++;
    var ra = a.slice(start);
    var rb = b.slice(start);
    var same = function (x, y) { return x.length === y.length && x.every(function (c, i) { return c === y[i]; }); };
    var diff = ra.length - rb.length;
    if (diff === 0) {
      return ra.length > 0 && (same(ra.slice(1), rb.slice(1)) ||
        (ra.length >= 2 && ra[0] === rb[1] && ra[1] === rb[0] && same(ra.slice(2), rb.slice(2))));
    }
    if (diff === 1) return same(ra.slice(1), rb);
    if (diff === -1) return same(ra, rb.slice(1));
    return false;
  }

  // Twice the weight of a group's terms a section must have (see needed_weight).
  function neededWeight(terms) {
    var meaningful = 0;
    var all = 0;
    terms.forEach(function (t) { all += t.weight; if (t.weight >= 2) meaningful += t.weight; });
    return terms.length <= 2 ? all * 2 : meaningful > 0 ? meaningful : all;
  }

  // Hits best first: by score, then reading order; of hits with the same score only the
  // first keeps its place, the others follow the first hit with a lower score.
  function ranked(hits) {
    hits.sort(function (a, b) { return b.score - a.score || a.section - b.section; });
    var out = [];
    var followers = [];
    for (var i = 0; i < hits.length;) {
      var j = i + 1;
      while (j < hits.length && hits[j].score === hits[i].score) j++;
      out.push(hits[i]);
      for (var f = 0; f < followers.length; f++) out.push(followers[f]);
      followers = hits.slice(i + 1, j);
      i = j;
    }
    for (var g = 0; g < followers.length; g++) out.push(followers[g]);
    return out;
  }

  // Searches `index`: window.policySearchIndex, or an Index made from it.
  function Searcher(index) {
    this.index = index instanceof Index ? index : new Index(index);
    this.decoded = new Map();
  }

  function hasMatches(runs) {
    return runs.some(function (r) { return r[2] > r[1]; });
  }

  // The names of the term parts `query` needs that are not loaded yet: those of its
  // terms, then, for a word that matches nothing, those a correction may come from.
  Searcher.prototype.missing = function (query) {
    var index = this.index;
    var self = this;
    var names = [];
    var add = function (term) {
      var all = true;
      index.termParts(term).forEach(function (k) {
        var name = "terms-" + k;
        if (!index.parts[name]) {
          all = false;
          if (names.indexOf(name) < 0) names.push(name);
        }
      });
      return all;
    };
    parseQuery(query).forEach(function (group) {
      var loaded = group.terms.map(add).every(Boolean);
      if (loaded && self.mayCorrect(group) && !hasMatches(self.matching(group.terms[0]))) {
        add({ text: Array.from(group.terms[0].text)[0], prefix: true });
      }
    });
    return names;
  };

  Searcher.prototype.mayCorrect = function (group) {
    return !group.japanese && Array.from(group.text).length >= 5;
  };

  // Resolves when `search(query)` can run (at once with format 1).
  Searcher.prototype.load = function (query) {
    var self = this;
    var missing = this.missing(query);
    if (!missing.length) return Promise.resolve();
    return this.index.load(missing).then(function () { return self.load(query); });
  };

  // The decoded postings of term `t` of term part `k`.
  Searcher.prototype.postings = function (k, t) {
    var key = this.index.termStarts[k] + t;
    var postings = this.decoded.get(key);
    if (!postings) {
      postings = decodePostings(this.index.termPart(k).postings[t]);
      this.decoded.set(key, postings);
    }
    return postings;
  };

  // The terms a query term matches, as [part, start, end) runs of each part's terms.
  Searcher.prototype.matching = function (term) {
    var index = this.index;
    return index.termParts(term).map(function (k) {
      var part = index.termPart(k);
      if (!part) throw new Error("search: terms-" + k + " is not loaded; call load(query) first");
      var terms = part.terms;
      var low = 0;
      var high = terms.length;
      while (low < high) {
        var middle = (low + high) >>> 1;
        if (terms[middle] < term.text) low = middle + 1; else high = middle;
      }
      var end = low;
      if (term.prefix) {
        while (end < terms.length && terms[end].startsWith(term.text)) end++;
      } else if (terms[low] === term.text) {
        end = low + 1;
      }
      return [k, low, end];
    });
  };

  // The term one typo away that a word of `group` matching nothing stands for, as
  // {k, t, text} (see SearchIndex::correction), or null.
  Searcher.prototype.correction = function (group, runs) {
    if (!this.mayCorrect(group) || hasMatches(runs)) return null;
    var typed = Array.from(group.terms[0].text);
    var best = null;
    var self = this;
    this.matching({ text: typed[0], prefix: true }).forEach(function (r) {
      var terms = self.index.termPart(r[0]).terms;
      for (var t = r[1]; t < r[2]; t++) {
        if (!oneEditApart(typed, Array.from(terms[t]))) continue;
        var count = self.postings(r[0], t).length;
        if (!best || count > best.count) best = { k: r[0], t: t, text: terms[t], count: count };
      }
    });
    return best;
  };

  // Sections matching `query`, best first, as [{section, score}]. The parts the query
  // needs must be loaded (`load`).
  Searcher.prototype.search = function (query) {
    return this.answer(query).hits;
  };

  // {hits, corrected: [[word as typed, term searched for instead], …]}.
  Searcher.prototype.answer = function (query) {
    var self = this;
    var groups = parseQuery(query);
    var whole = 0;
    groups.forEach(function (g) { if (!g.optional) whole += g.terms.length; });
    var corrected = [];
    var matched = [];
    var missed = false;
    groups.forEach(function (group) {
      var terms = group.terms.map(function (t) { return { term: t, runs: self.matching(t), exact: true }; });
      var fix = self.correction(group, terms[0].runs);
      if (fix) {
        corrected.push([group.text, fix.text]);
        terms[0].runs = [[fix.k, fix.t, fix.t + 1]];
        terms[0].exact = false;
      }
      if (terms.some(function (t) { return hasMatches(t.runs); })) matched.push([group, terms]);
      else if (!group.optional) missed = true;
    });
    // A word no section has: nothing matches the whole query.
    if (missed) return { hits: [], corrected: corrected };
    matched = matched.filter(function (m) { return !m[0].optional; })
      .concat(matched.filter(function (m) { return m[0].optional; }));

    var count = this.index.sectionCount;
    var total = { score: new Int32Array(count), weight: new Int32Array(count), equal: new Int32Array(count), own: new Uint8Array(count) };
    var found = { score: new Int32Array(count), weight: new Int32Array(count), equal: new Int32Array(count), own: new Uint8Array(count) };
    var candidates = null;
    var allWeight = 0;
    for (var g = 0; g < matched.length; g++) {
      var group = matched[g][0];
      if (!candidates && group.optional) break;
      var touched = this.groupScores(matched[g][1], whole, found);
      var needed = neededWeight(group.terms);
      if (!group.optional) matched[g][1].forEach(function (t) { allWeight += t.term.weight; });
      var next = [];
      if (!candidates) {
        touched.forEach(function (s) {
          if (found.weight[s] * 2 < needed) return;
          total.score[s] = found.score[s];
          total.weight[s] = found.weight[s];
          total.equal[s] = found.equal[s];
          total.own[s] = found.own[s];
          next.push(s);
        });
      } else {
        candidates.forEach(function (s) {
          if (group.optional) {
            total.score[s] += found.score[s];
            total.own[s] |= found.own[s];
            next.push(s);
          } else if (found.weight[s] > 0 && found.weight[s] * 2 >= needed) {
            total.score[s] += found.score[s];
            total.weight[s] += found.weight[s];
            total.equal[s] += found.equal[s];
            total.own[s] |= found.own[s];
            next.push(s);
          }
        });
      }
      touched.forEach(function (s) { found.score[s] = 0; found.weight[s] = 0; found.equal[s] = 0; found.own[s] = 0; });
      candidates = next;
    }
    var hits = [];
    (candidates || []).forEach(function (s) {
      if (!total.own[s]) return;
      var score = Math.floor(total.score[s] * total.weight[s] / Math.max(allWeight, 1));
      if (whole > 0 && total.equal[s] === whole) score += EQUAL_BONUS;
      hits.push({ section: s, score: score });
    });
    return { hits: ranked(hits), corrected: corrected };
  };

  // Adds what each section has of a group's terms to `found`; returns those sections.
  Searcher.prototype.groupScores = function (terms, whole, found) {
    var count = this.index.sectionCount;
    var best = new Int32Array(count);
    var equal = new Uint8Array(count);
    var own = new Uint8Array(count);
    var sections = [];
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var touched = [];
      for (var r = 0; r < term.runs.length; r++) {
        var k = term.runs[r][0];
        var partTerms = this.index.termPart(k).terms;
        for (var t = term.runs[r][1]; t < term.runs[r][2]; t++) {
          var exact = term.exact && partTerms[t] === term.term.text;
          var factor = exact ? 10 : 9;
          var postings = this.postings(k, t);
          for (var p = 0; p < postings.length; p += 2) {
            var s = postings[p];
            var w = postings[p + 1];
            var score = postingScore(w) * factor;
            if (best[s] === 0) touched.push(s);
            if (score > best[s]) best[s] = score;
            if (exact && namedLength(w) === whole) equal[s] = 1;
            if (w < 32) own[s] = 1;
          }
        }
      }
      for (var j = 0; j < touched.length; j++) {
        var section = touched[j];
        if (found.weight[section] === 0) sections.push(section);
        found.score[section] += best[section] * term.term.weight;
        found.weight[section] += term.term.weight;
        found.equal[section] += equal[section];
        found.own[section] |= own[section];
        best[section] = 0;
        equal[section] = 0;
        own[section] = 0;
      }
    }
    return sections;
  };

  // ---- Highlighting ----

  // What to mark for a query: [text, is a word] each. A word is marked from its stem
  // (as far as the stem and the word agree: `evalu` in `evaluations`, `safet` for
  // `safety`), or from the term a correction used; a Japanese run as a whole, or its
  // bigrams where it is not there whole.
  function needlesOf(query, corrected) {
    var needles = [];
    parseQuery(query).forEach(function (g) {
      if (g.japanese) {
        needles.push([g.text, false, g.terms.map(function (t) { return t.text; })]);
        return;
      }
      var fix = (corrected || []).filter(function (c) { return c[0] === g.text; })[0];
      var stemmed = fix ? fix[1] : g.terms[0].text;
      var n = 0;
      while (n < stemmed.length && n < g.text.length && stemmed[n] === g.text[n]) n++;
      needles.push([fix ? stemmed : g.text.slice(0, Math.max(n, 1)), true, []]);
    });
    return needles;
  }

  // The spans of normalised `text` (pieces) that the needles match: words at a word
  // start (to the word's end), Japanese runs where they occur whole, else their bigrams.
  function matchRanges(pieces, needles) {
    var chars = pieces.map(function (p) { return p.c; });
    var text = chars.join("");
    // Where each piece starts in `text`, and where the text ends.
    var offsets = [];
    var at = 0;
    chars.forEach(function (c) { offsets.push(at); at += c.length; });
    offsets.push(at);
    var ranges = [];
    needles.forEach(function (needle) {
      var found = needle[1] || text.indexOf(needle[0]) >= 0 ? [needle[0]] : needle[2];
      found.forEach(function (one) { findAll(text, offsets, one, needle[1], ranges); });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  // Adds [first piece, end piece) of each occurrence of `needle` in `text`.
  function findAll(text, offsets, needle, word, ranges) {
    if (!needle) return;
    var from = 0;
    while (true) {
      var found = text.indexOf(needle, from);
      if (found < 0) return;
      from = found + needle.length;
      var first = pieceAt(offsets, found);
      var end = pieceAt(offsets, found + needle.length);
      if (first < 0 || end < 0) continue;
      var pieces = offsets.length - 1;
      if (word) {
        if (first > 0 && isWordChar(lastChar(text, offsets[first]))) continue;
        while (end < pieces && isWordChar(charAt(text, offsets[end]))) end++;
      }
      ranges.push([first, end]);
    }
  }

  // The piece that starts at `codeUnit` of the text (-1 if it falls inside one).
  function pieceAt(offsets, codeUnit) {
    var low = 0;
    var high = offsets.length;
    while (low < high) {
      var middle = (low + high) >>> 1;
      if (offsets[middle] < codeUnit) low = middle + 1; else high = middle;
    }
    return offsets[low] === codeUnit ? low : -1;
  }

  function charAt(text, at) {
    return String.fromCodePoint(text.codePointAt(at));
  }

  function lastChar(text, at) {
    var before = Array.from(text.slice(Math.max(0, at - 2), at));
    return before.length ? before[before.length - 1] : "";
  }

  // `text` as nodes, with <mark> around what the needles (needlesOf) match; a window
  // of about `length` characters around the first match when `length` is given.
  function highlighted(text, needles, length) {
    var pieces = normalisedPieces(text);
    var ranges = matchRanges(pieces, needles).map(function (r) {
      return [pieces[r[0]].start, r[1] < pieces.length ? pieces[r[1]].start : text.length];
    });
    var start = 0;
    var end = text.length;
    if (length && text.length > length) {
      start = ranges.length ? Math.max(0, ranges[0][0] - Math.floor(length / 4)) : 0;
      end = Math.min(text.length, start + length);
      start = Math.max(0, Math.min(start, end - length));
      start = wordStart(text, safeBoundary(text, start));
      end = safeBoundary(text, end);
    }
    var fragment = document.createDocumentFragment();
    if (start > 0) fragment.appendChild(document.createTextNode("…"));
    var at = start;
    ranges.forEach(function (r) {
      var from = Math.max(r[0], at);
      var to = Math.min(r[1], end);
      if (from >= to) return;
      if (from > at) fragment.appendChild(document.createTextNode(text.slice(at, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      fragment.appendChild(mark);
      at = to;
    });
    if (at < end) fragment.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) fragment.appendChild(document.createTextNode("…"));
    return fragment;
  }

  // Moves `at` forward past a cut word (in text written with spaces) to the next word.
  function wordStart(text, at) {
    if (at === 0 || !isWordChar(lastChar(text, at))) return at;
    var space = text.slice(at, at + 20).search(/\s/);
    return space < 0 ? at : at + space + 1;
  }

  // Moves `at` off the second half of a surrogate pair.
  function safeBoundary(text, at) {
    var code = text.charCodeAt(at);
    return code >= 0xDC00 && code <= 0xDFFF ? at - 1 : at;
  }

  // ---- The search page ----

  function startSearchPage() {
    var input = document.getElementById("search-input");
    var form = input && input.form;
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var words = document.getElementById("search-strings");
    var index = window.policySearchIndex;
    if (!input || !status || !words) return;
    if (!index) {
      // search-index.js did not load (it comes before this script).
      status.textContent = words.getAttribute("data-failed") || "";
      return;
    }
    var page = new SearchPage(new Searcher(index), input, status, list, words);
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    var header = document.getElementById("site-search");
    if (header) header.value = query;
    input.addEventListener("input", function () { page.show(input.value, true); });
    input.addEventListener("keydown", function (event) { page.onInputKey(event); });
    list.addEventListener("keydown", function (event) { page.onListKey(event); });
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        page.show(input.value, true);
      });
    }
    window.policySearch.page = page;
    page.show(query, false);
    input.focus();
  }

  var MAX_SHOWN = 50;
  var SNIPPET_LENGTH = 120;

  function SearchPage(searcher, input, status, list, words) {
    this.searcher = searcher;
    this.input = input;
    this.status = status;
    this.list = list;
    this.words = words;
    this.runs = 0;
  }

  SearchPage.prototype.message = function (name, query, count) {
    var template = this.words.getAttribute(name) || "";
    return template.split("{q}").join(query).split("{n}").join(String(count));
  };

  // Runs `query` and shows its results; `remember` puts it in the address. Returns a
  // promise that settles once they are shown, or a later query has taken over.
  SearchPage.prototype.show = function (query, remember) {
    var trimmed = query.trim();
    var run = ++this.runs;
    if (remember) {
      try {
        var url = trimmed ? "?q=" + encodeURIComponent(trimmed) : window.location.pathname;
        window.history.replaceState(null, "", url);
      } catch (error) {
        // Some browsers refuse to change a file:// address; the results still show.
      }
    }
    if (!trimmed) {
      this.draw("", []);
      return Promise.resolve();
    }
    return this.answer(trimmed, run, null);
  };

  // Shows the results of `query` (`found`, once ranked: searcher.answer) as soon as
  // the parts of the index they need are loaded, saying meanwhile that search is
  // getting ready.
  SearchPage.prototype.answer = function (query, run, found) {
    var searcher = this.searcher;
    var missing = found ? [] : searcher.missing(query);
    if (!missing.length) {
      found = found || searcher.answer(query);
      missing = searcher.index.missingSections(found.hits.slice(0, MAX_SHOWN));
    }
    if (!missing.length) {
      this.draw(query, found.hits, found.corrected);
      return Promise.resolve();
    }
    this.list.replaceChildren();
    this.list.setAttribute("aria-busy", "true");
    this.status.textContent = this.words.getAttribute("data-loading") || "";
    var self = this;
    return searcher.index.load(missing).then(function () {
      if (run === self.runs) return self.answer(query, run, found);
    }, function (error) {
      // A part that will not load: say so (the next query tries again).
      if (window.console) window.console.error(error);
      if (run !== self.runs) return;
      self.list.removeAttribute("aria-busy");
      self.status.textContent = self.words.getAttribute("data-failed") || "";
    });
  };

  // The query as searched when words were corrected: each corrected word replaced by
  // the word of the first result that has the term searched for (`harassment`).
  SearchPage.prototype.correctedQuery = function (query, hits, corrected) {
    var section = hits.length ? this.searcher.index.section(hits[0].section) : null;
    var words = section ? runs(normalise([section.page[1], section.heading, section.text].join(" "))) : [];
    return parseQuery(query).map(function (g) {
      var fix = corrected.filter(function (c) { return c[0] === g.text; })[0];
      if (!fix) return g.text;
      var word = words.filter(function (w) { return !w.japanese && stem(w.text) === fix[1]; })[0];
      return word ? word.text : fix[1];
    }).join(" ");
  };

  // Shows `hits` (the first MAX_SHOWN, whose parts are loaded) and how many there are,
  // and what was searched for if words were corrected.
  SearchPage.prototype.draw = function (query, hits, corrected) {
    this.list.replaceChildren();
    this.list.removeAttribute("aria-busy");
    var self = this;
    var needles = needlesOf(query, corrected);
    hits.slice(0, MAX_SHOWN).forEach(function (hit) { self.list.appendChild(self.result(hit, needles)); });
    var shown = query;
    var note = "";
    if (corrected && corrected.length && hits.length) {
      shown = this.correctedQuery(query, hits, corrected);
      note = this.message("data-corrected", query, 0).split("{c}").join(shown) + " ";
    }
    if (!query) {
      this.status.textContent = "";
    } else if (!hits.length) {
      this.status.textContent = this.message("data-no-results", query, 0);
    } else {
      var name = hits.length === 1 && this.words.hasAttribute("data-count-one") ? "data-count-one" : "data-count";
      this.status.textContent = note + this.message(name, shown, hits.length);
    }
  };

  // One result: a link with the page title and the section, then a snippet.
  SearchPage.prototype.result = function (hit, needles) {
    var section = this.searcher.index.section(hit.section);
    var path = section.page[0].split("/").map(encodeURIComponent).join("/");
    var href = path + (section.anchor ? "#" + encodeURIComponent(section.anchor) : "");
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = href;
    var title = document.createElement("span");
    title.className = "result-title";
    title.appendChild(section.heading ? document.createTextNode(section.page[1]) : highlighted(section.page[1], needles));
    link.appendChild(title);
    if (section.heading) {
      var name = document.createElement("span");
      name.className = "section-name";
      name.appendChild(highlighted(section.heading, needles));
      link.appendChild(name);
    }
    item.appendChild(link);
    if (section.page[2]) {
      var stale = document.createElement("p");
      stale.className = "stale-note";
      stale.textContent = this.words.getAttribute("data-stale") || "";
      item.appendChild(stale);
    }
    if (section.text) {
      var snippet = document.createElement("p");
      snippet.className = "snippet";
      snippet.appendChild(highlighted(section.text, needles, SNIPPET_LENGTH));
      item.appendChild(snippet);
    }
    return item;
  };

  SearchPage.prototype.links = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("li > a"));
  };

  SearchPage.prototype.onInputKey = function (event) {
    if (event.key === "ArrowDown") {
      var links = this.links();
      if (links.length) {
        event.preventDefault();
        links[0].focus();
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.input.value = "";
      this.show("", true);
    }
  };

  SearchPage.prototype.onListKey = function (event) {
    var links = this.links();
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) this.input.focus();
      else links[Math.min(next, links.length - 1)].focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      links[event.key === "Home" ? 0 : links.length - 1].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.input.focus();
      this.input.select();
    }
  };

  // For the tests: the tokeniser, the searcher, and (on the search page) `page`.
  window.policySearch = { normalise: normalise, tokens: tokens, stem: stem, queryTerms: queryTerms, parseQuery: parseQuery, Index: Index, Searcher: Searcher };
  if (document.getElementById("search-results")) {
    startSearchPage();
  }
})();
