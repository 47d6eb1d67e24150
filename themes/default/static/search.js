// Search for policy-site, on LANG/search.html only. It reads the index that
// LANG/search-index.js sets as window.policySearchIndex (see src/search/mod.rs for
// its layout): the whole index, or for a large site a manifest whose parts
// (LANG/search/*.js) are added as <script> elements when a query needs them. Nothing
// is fetched, so search works from file://, offline and in any folder.
//
// Queries are split exactly as src/search/tokens.rs splits the indexed text, and
// ranked exactly as SearchIndex::search ranks; the browser test compares the two.
// Text from the content is only ever inserted as text nodes (and <mark> elements
// around them), never as HTML.
(function () {
  "use strict";

  // ---- Normalising and splitting text (keep in step with src/search/tokens.rs) ----

  var HALF_WIDTH_KANA = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";
  var VOICEABLE = "カキクケコサシスセソタチツテトハヒフヘホ";
  var SEMI_VOICEABLE = "ハヒフヘホ";
  var ACCENTED = Array.from("àáâãäåāèéêëēìíîïīòóôõöøōùúûüūýÿçñ");
  var UNACCENTED = "aaaaaaaeeeeeiiiiiooooooouuuuuyycn";
  var WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;

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
  // span [start, end) of the original text it came from (for highlighting).
  function normalisedPieces(text) {
    var pieces = [];
    var at = 0;
    for (var c of text) {
      var code = c.codePointAt(0);
      var piece = { c: "", start: at, end: at + c.length };
      at += c.length;
      if (code >= 0xFF01 && code <= 0xFF5E) {
        piece.c = lower(String.fromCodePoint(code - 0xFEE0));
      } else if (code === 0x3000) {
        piece.c = " ";
      } else if (code >= 0xFF61 && code <= 0xFF9F) {
        var full = HALF_WIDTH_KANA[code - 0xFF61];
        var last = pieces.length ? pieces[pieces.length - 1] : null;
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
      pieces.push(piece);
    }
    return pieces;
  }

  function joinVoicing(previous, mark) {
    if (mark === "゛" && previous === "ウ") return "ヴ";
    if (mark === "゛" && previous.length === 1 && VOICEABLE.indexOf(previous) >= 0) {
      return String.fromCharCode(previous.charCodeAt(0) + 1);
    }
    if (mark === "゜" && previous.length === 1 && SEMI_VOICEABLE.indexOf(previous) >= 0) {
      return String.fromCharCode(previous.charCodeAt(0) + 2);
    }
    return null;
  }

  function normalise(text) {
    return normalisedPieces(text).map(function (p) { return p.c; }).join("");
  }

  // Runs of word characters and of Japanese, as [text, isJapanese].
  function runs(text) {
    var out = [];
    var current = "";
    var currentJapanese = false;
    for (var c of normalise(text)) {
      var japanese = isJapanese(c);
      if (!japanese && !isWordChar(c)) {
        if (current) out.push([current, currentJapanese]);
        current = "";
        continue;
      }
      if (current && japanese !== currentJapanese) {
        out.push([current, currentJapanese]);
        current = "";
      }
      currentJapanese = japanese;
      current += c;
    }
    if (current) out.push([current, currentJapanese]);
    return out;
  }

  // The tokens the index stores for `text` (used by the tests to compare with Rust).
  function tokens(text) {
    var out = [];
    runs(text).forEach(function (run) {
      if (!run[1]) {
        out.push(run[0]);
        return;
      }
      var chars = Array.from(run[0]);
      for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      out.push(chars[chars.length - 1]);
    });
    return out;
  }

  // The terms of a query, as {text, prefix}, without repeats.
  function queryTerms(query) {
    var out = [];
    function add(text, prefix) {
      if (!out.some(function (t) { return t.text === text && t.prefix === prefix; })) {
        out.push({ text: text, prefix: prefix });
      }
    }
    runs(query).forEach(function (run) {
      var chars = Array.from(run[0]);
      if (!run[1]) {
        add(run[0], chars.length >= 2 && chars.some(function (c) { return /\p{Alphabetic}/u.test(c); }));
      } else if (chars.length === 1) {
        add(run[0], true);
      } else {
        for (var i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1], false);
      }
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

  // ---- Ranking (keep in step with SearchIndex::search) ----

  var FIELD_SCORE = [8, 32, 64];

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

  // Searches `index`: window.policySearchIndex, or an Index made from it.
  function Searcher(index) {
    this.index = index instanceof Index ? index : new Index(index);
    this.decoded = new Map();
  }

  // The names of the term parts `query` needs that are not loaded yet.
  Searcher.prototype.missing = function (query) {
    var index = this.index;
    var names = [];
    queryTerms(query).forEach(function (term) {
      index.termParts(term).forEach(function (k) {
        var name = "terms-" + k;
        if (!index.parts[name] && names.indexOf(name) < 0) names.push(name);
      });
    });
    return names;
  };

  // Resolves when `search(query)` can run (at once with format 1).
  Searcher.prototype.load = function (query) {
    return this.index.load(this.missing(query));
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

  // Sections holding every query term, best first, as [{section, score}]. The parts
  // the query needs must be loaded (`load`).
  Searcher.prototype.search = function (query) {
    var terms = queryTerms(query);
    var count = this.index.sectionCount;
    var best = new Int32Array(count);
    var total = new Int32Array(count);
    var candidates = null;
    for (var g = 0; g < terms.length && (!candidates || candidates.length); g++) {
      var matched = this.matching(terms[g]);
      var touched = [];
      for (var r = 0; r < matched.length; r++) {
        var k = matched[r][0];
        var partTerms = this.index.termPart(k).terms;
        for (var t = matched[r][1]; t < matched[r][2]; t++) {
          var factor = partTerms[t] === terms[g].text ? 10 : 9;
          var postings = this.postings(k, t);
          for (var i = 0; i < postings.length; i += 2) {
            var s = postings[i];
            var w = postings[i + 1];
            var score = (FIELD_SCORE[Math.min(w >> 3, 2)] + (w & 7)) * factor;
            if (best[s] === 0) touched.push(s);
            if (score > best[s]) best[s] = score;
          }
        }
      }
      var next = [];
      for (var j = 0; j < touched.length; j++) {
        var section = touched[j];
        if (!candidates || total[section] > 0) {
          total[section] += best[section];
          next.push(section);
        }
        best[section] = 0;
      }
      if (candidates) {
        var kept = new Set(next);
        candidates.forEach(function (c) { if (!kept.has(c)) total[c] = 0; });
      }
      candidates = next;
    }
    var hits = (candidates || []).map(function (s) { return { section: s, score: total[s] }; });
    hits.sort(function (a, b) { return b.score - a.score || a.section - b.section; });
    return hits;
  };

  // ---- Highlighting ----

  // The spans of normalised `text` (pieces) that the query matches: words at a word
  // start (to the word's end), Japanese runs where they occur whole, else their bigrams.
  function matchRanges(pieces, query) {
    var chars = pieces.map(function (p) { return p.c; });
    var text = chars.join("");
    // Where each piece starts in `text`, and where the text ends.
    var offsets = [];
    var at = 0;
    chars.forEach(function (c) { offsets.push(at); at += c.length; });
    offsets.push(at);
    var ranges = [];
    runs(query).forEach(function (run) {
      var needles = [run[0]];
      if (run[1] && text.indexOf(run[0]) < 0) needles = queryTerms(run[0]).map(function (t) { return t.text; });
      needles.forEach(function (needle) { findAll(text, offsets, needle, !run[1], ranges); });
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

  // `text` as nodes, with <mark> around what `query` matches; a window of about
  // `length` characters around the first match when `length` is given.
  function highlighted(text, query, length) {
    var pieces = normalisedPieces(text);
    var ranges = matchRanges(pieces, query).map(function (r) {
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

  // Shows the results of `query` (`hits`, once ranked) as soon as the parts of the
  // index they need are loaded, saying meanwhile that search is getting ready.
  SearchPage.prototype.answer = function (query, run, hits) {
    var searcher = this.searcher;
    var missing = hits ? [] : searcher.missing(query);
    if (!missing.length) {
      hits = hits || searcher.search(query);
      missing = searcher.index.missingSections(hits.slice(0, MAX_SHOWN));
    }
    if (!missing.length) {
      this.draw(query, hits);
      return Promise.resolve();
    }
    this.list.replaceChildren();
    this.list.setAttribute("aria-busy", "true");
    this.status.textContent = this.words.getAttribute("data-loading") || "";
    var self = this;
    return searcher.index.load(missing).then(function () {
      if (run === self.runs) return self.answer(query, run, hits);
    }, function (error) {
      // A part that will not load: say so (the next query tries again).
      if (window.console) window.console.error(error);
      if (run !== self.runs) return;
      self.list.removeAttribute("aria-busy");
      self.status.textContent = self.words.getAttribute("data-failed") || "";
    });
  };

  // Shows `hits` (the first MAX_SHOWN, whose parts are loaded) and how many there are.
  SearchPage.prototype.draw = function (query, hits) {
    this.list.replaceChildren();
    this.list.removeAttribute("aria-busy");
    var self = this;
    hits.slice(0, MAX_SHOWN).forEach(function (hit) { self.list.appendChild(self.result(hit, query)); });
    if (!query) {
      this.status.textContent = "";
    } else if (!hits.length) {
      this.status.textContent = this.message("data-no-results", query, 0);
    } else {
      var name = hits.length === 1 && this.words.hasAttribute("data-count-one") ? "data-count-one" : "data-count";
      this.status.textContent = this.message(name, query, hits.length);
    }
  };

  // One result: a link with the page title and the section, then a snippet.
  SearchPage.prototype.result = function (hit, query) {
    var section = this.searcher.index.section(hit.section);
    var path = section.page[0].split("/").map(encodeURIComponent).join("/");
    var href = path + (section.anchor ? "#" + encodeURIComponent(section.anchor) : "");
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = href;
    var title = document.createElement("span");
    title.className = "result-title";
    title.appendChild(section.heading ? document.createTextNode(section.page[1]) : highlighted(section.page[1], query));
    link.appendChild(title);
    if (section.heading) {
      var name = document.createElement("span");
      name.className = "section-name";
      name.appendChild(highlighted(section.heading, query));
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
      snippet.appendChild(highlighted(section.text, query, SNIPPET_LENGTH));
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
  window.policySearch = { normalise: normalise, tokens: tokens, queryTerms: queryTerms, Index: Index, Searcher: Searcher };
  if (document.getElementById("search-results")) {
    startSearchPage();
  }
})();
