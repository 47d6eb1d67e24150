// policy-site serve: added to every page it serves (never to build's output). Reloads
// the page after a new build, draws the error overlay after a failed one. overlay.rs
// replaces the four upper-case placeholders below with JSON before serving it.
(function () {
  "use strict";
  var page = __BUILD__;
  var all = __WORDS__;
  var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase().split("-")[0];
  var w = all[lang] || all.en;
  var ja = lang === "ja";
  var host = null;
  var delay = 500;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }
  function n(template, value) { return template.replace("{n}", String(value)); }

  function hide() {
    if (host) { host.remove(); host = null; }
  }

  function where(p) {
    var parts = [];
    if (p.file) parts.push(p.file);
    if (p.line != null) parts.push(n(w.line, p.line));
    if (p.column != null) parts.push(n(w.column, p.column));
    return parts.join(ja ? " " : ", ");
  }

  function problem(p) {
    var warning = p.severity === "warning";
    var li = el("li", warning ? "warning" : "error");
    var head = el("p", "where");
    head.appendChild(el("span", "label", warning ? w.warning : w.error));
    head.appendChild(document.createTextNode(where(p)));
    li.appendChild(head);
    if (p.field) li.appendChild(el("p", "field", w.field + (ja ? "：" : ": ") + p.field));
    li.appendChild(el("p", "message", ja && p.message_ja ? p.message_ja : p.message));
    if (p.excerpt) li.appendChild(el("pre", "excerpt", p.excerpt));
    var hint = ja && p.hint_ja ? p.hint_ja : p.hint;
    if (hint) li.appendChild(el("p", "hint", w.hint + (ja ? "：" : ": ") + hint));
    li.appendChild(el("p", "term", "[" + p.code + "]"));
    return li;
  }

  function show(status) {
    hide();
    var problems = status.problems || [];
    var errors = problems.filter(function (p) { return p.severity !== "warning"; }).length;
    host = el("div");
    host.id = "policy-site-overlay";
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.appendChild(el("style", null, __CSS__));
    var backdrop = el("div", "backdrop");
    var box = el("section", "box");
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "policy-site-overlay-title");
    var close = el("button", null, w.hide);
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    var title = el("h2", null, w.title);
    title.id = "policy-site-overlay-title";
    box.appendChild(title);
    box.appendChild(el("p", "lead", page === null || status.build === null ? w.noBuild : w.lastGood));
    var counts = n(w.errors, errors);
    if (problems.length > errors) counts += (ja ? "・" : ", ") + n(w.warnings, problems.length - errors);
    box.appendChild(el("p", "note", counts + " — " + w.terminal));
    var list = el("ol");
    problems.forEach(function (p) { list.appendChild(problem(p)); });
    box.appendChild(list);
    backdrop.appendChild(box);
    root.appendChild(backdrop);
    document.body.appendChild(host);
  }

  function onStatus(event) {
    var status;
    try { status = JSON.parse(event.data); } catch (e) { return; }
    delay = 500;
    if (status.failed) { show(status); return; }
    if (status.build !== page) { location.reload(); return; }
    hide();
  }

  function connect() {
    var source = new EventSource(__EVENTS__);
    source.addEventListener("status", onStatus);
    source.onerror = function () {
      if (source.readyState === 2) {
        source.close();
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 5000);
      }
    };
  }
  connect();
})();
