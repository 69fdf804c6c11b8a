// idaudit report: the findings table. The rows are data (the JSON block above); this script
// filters, sorts and pages them. Every value is put in the page with textContent, never as
// markup, so a hostile user or group name stays text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("idaudit-data").textContent);
  var RULE = 0, STATUS = 1, SEVERITY = 2, TYPE = 3, ID = 4, NAME = 5, ACCOUNT = 6, REASON = 7, WAIVER = 8;
  var SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
  var STATUS_ORDER = { FAIL: 0, ERROR: 1, NOT_EVALUATED: 2, WAIVED: 3, PASS: 4 };
  var STATUS_LABEL = { FAIL: "Fail", ERROR: "Error", NOT_EVALUATED: "Not evaluated", WAIVED: "Waived", PASS: "Pass" };
  var PRINT_LIMIT = 5000;

  var rows = data.rows;
  // One lower-case string per row to search in: built once, not per keystroke.
  var haystack = rows.map(function (r) {
    var rule = data.rules[r[RULE]];
    return [rule.id, rule.title, r[STATUS], r[SEVERITY], r[TYPE], r[ID], r[NAME], r[ACCOUNT], r[REASON], r[WAIVER]].join("\u0001").toLowerCase();
  });

  var el = function (id) { return document.getElementById(id); };
  var search = el("f-search"), fSeverity = el("f-severity"), fStatus = el("f-status"), fRule = el("f-rule"), fAccount = el("f-account");
  var body = el("findings-body"), count = el("f-count"), pageLabel = el("f-page"), prev = el("f-prev"), next = el("f-next"), size = el("f-size");

  var state = { page: 0, sortColumn: -1, sortDir: 1, matches: [] };

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  function distinct(index) {
    var seen = {};
    rows.forEach(function (r) { seen[r[index]] = true; });
    return Object.keys(seen);
  }
  distinct(SEVERITY).sort(function (a, b) { return SEVERITY_ORDER[a] - SEVERITY_ORDER[b]; })
    .forEach(function (s) { option(fSeverity, s, s.charAt(0).toUpperCase() + s.slice(1)); });
  distinct(STATUS).sort(function (a, b) { return STATUS_ORDER[a] - STATUS_ORDER[b]; })
    .forEach(function (s) { option(fStatus, s, STATUS_LABEL[s] || s); });
  data.rules.map(function (r, i) { return [r.id, i]; }).sort().forEach(function (p) { option(fRule, String(p[1]), p[0]); });
  distinct(ACCOUNT).filter(function (a) { return a !== ""; }).sort().forEach(function (a) { option(fAccount, a, a); });
  if (distinct(ACCOUNT).indexOf("") >= 0) { option(fAccount, "\u0000none", "(no account)"); }

  function compare(a, b) {
    var c = state.sortColumn, x, y;
    if (c === SEVERITY) { x = SEVERITY_ORDER[a[c]]; y = SEVERITY_ORDER[b[c]]; }
    else if (c === STATUS) { x = STATUS_ORDER[a[c]]; y = STATUS_ORDER[b[c]]; }
    else if (c === RULE) { x = data.rules[a[c]].id; y = data.rules[b[c]].id; }
    else { x = String(a[c]).toLowerCase(); y = String(b[c]).toLowerCase(); }
    return x < y ? -state.sortDir : x > y ? state.sortDir : 0;
  }

  function filter() {
    var q = search.value.trim().toLowerCase(), sev = fSeverity.value, st = fStatus.value, rule = fRule.value, acc = fAccount.value;
    var terms = q === "" ? [] : q.split(/\s+/);
    var out = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (sev && r[SEVERITY] !== sev) continue;
      if (st && r[STATUS] !== st) continue;
      if (rule && String(r[RULE]) !== rule) continue;
      if (acc && (acc === "\u0000none" ? r[ACCOUNT] !== "" : r[ACCOUNT] !== acc)) continue;
      var hay = haystack[i], ok = true;
      for (var t = 0; t < terms.length; t++) { if (hay.indexOf(terms[t]) < 0) { ok = false; break; } }
      if (ok) out.push(r);
    }
    if (state.sortColumn >= 0) {
      // stable: ties keep the report order (severity, status, rule, resource)
      out = out.map(function (r, i) { return [r, i]; })
        .sort(function (a, b) { return compare(a[0], b[0]) || a[1] - b[1]; })
        .map(function (p) { return p[0]; });
    }
    state.matches = out;
  }

  function badge(cls, text) {
    var s = document.createElement("span");
    s.className = "badge " + cls;
    s.textContent = text;
    return s;
  }
  function cell(tr, content, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (typeof content === "string") td.textContent = content; else if (content) td.appendChild(content);
    tr.appendChild(td);
    return td;
  }
  function renderRow(r) {
    var tr = document.createElement("tr");
    var rule = data.rules[r[RULE]];
    cell(tr, badge("sev-" + r[SEVERITY], r[SEVERITY].charAt(0).toUpperCase() + r[SEVERITY].slice(1)));
    cell(tr, badge("st-" + r[STATUS].toLowerCase().replace("_", "-"), STATUS_LABEL[r[STATUS]] || r[STATUS]));
    var ruleCell = cell(tr, null, "mono small");
    var link = document.createElement("a");
    link.href = "#rule-" + rule.id;
    link.textContent = rule.id;
    link.title = rule.title || "";
    ruleCell.appendChild(link);
    var res = cell(tr, r[NAME]);
    if (r[ID] !== r[NAME]) {
      var id = document.createElement("span");
      id.className = "res-id mono";
      id.textContent = r[TYPE] + " " + r[ID];
      res.appendChild(id);
    }
    cell(tr, r[ACCOUNT] || "—", "mono small");
    var reason = cell(tr, r[REASON], "reason");
    if (r[WAIVER]) {
      var w = document.createElement("span");
      w.className = "waiver";
      w.textContent = "Waived: " + r[WAIVER];
      reason.appendChild(w);
    }
    return tr;
  }

  function render(all) {
    var per = all ? PRINT_LIMIT : parseInt(size.value, 10);
    var pages = Math.max(1, Math.ceil(state.matches.length / per));
    if (state.page >= pages) state.page = pages - 1;
    var start = all ? 0 : state.page * per;
    var end = Math.min(state.matches.length, start + per);
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) frag.appendChild(renderRow(state.matches[i]));
    body.textContent = "";
    body.appendChild(frag);
    var total = rows.length.toLocaleString("en-US"), n = state.matches.length.toLocaleString("en-US");
    count.textContent = state.matches.length === 0 ? "No finding matches (of " + total + ")." :
      "Showing " + (start + 1).toLocaleString("en-US") + "–" + end.toLocaleString("en-US") + " of " + n +
      " matching findings (" + total + " in all)" + (all && end < state.matches.length ? "; the full list is in findings.csv." : ".");
    pageLabel.textContent = "Page " + (state.page + 1) + " of " + pages;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }

  function update() { state.page = 0; filter(); render(false); }

  search.addEventListener("input", update);
  [fSeverity, fStatus, fRule, fAccount, size].forEach(function (s) { s.addEventListener("change", update); });
  el("f-reset").addEventListener("click", function () {
    search.value = ""; fSeverity.value = ""; fStatus.value = ""; fRule.value = ""; fAccount.value = "";
    state.sortColumn = -1; markSorted(null); update();
  });
  prev.addEventListener("click", function () { state.page--; render(false); });
  next.addEventListener("click", function () { state.page++; render(false); });

  function markSorted(th) {
    Array.prototype.forEach.call(document.querySelectorAll("#findings-table th[data-sort]"), function (h) {
      h.setAttribute("aria-sort", h === th ? (state.sortDir > 0 ? "ascending" : "descending") : "none");
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("#findings-table th[data-sort]"), function (th) {
    var sortBy = function () {
      var c = parseInt(th.getAttribute("data-sort"), 10);
      state.sortDir = state.sortColumn === c ? -state.sortDir : 1;
      state.sortColumn = c;
      markSorted(th);
      update();
    };
    th.tabIndex = 0;
    th.addEventListener("click", sortBy);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(); } });
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.show-rule"), function (a) {
    a.addEventListener("click", function () {
      var id = a.getAttribute("data-rule");
      for (var i = 0; i < data.rules.length; i++) { if (data.rules[i].id === id) fRule.value = String(i); }
      update();
    });
  });

  // Printing (auditors print to PDF): every row that matches the filters, and every detail open.
  window.addEventListener("beforeprint", function () {
    render(true);
    Array.prototype.forEach.call(document.querySelectorAll("details.print-open"), function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { render(false); });

  // Server-rendered tables (access matrix, reconciliation): a text filter over their rows.
  Array.prototype.forEach.call(document.querySelectorAll("input.table-filter"), function (input) {
    var table = el(input.getAttribute("data-table"));
    if (!table) return;
    var trs = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = trs.map(function (tr) { return tr.textContent.toLowerCase(); });
    input.addEventListener("input", function () {
      var terms = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      trs.forEach(function (tr, i) {
        tr.hidden = !terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      });
    });
  });

  var printButton = el("print");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });

  update();
  document.documentElement.setAttribute("data-ready", "true");
})();
