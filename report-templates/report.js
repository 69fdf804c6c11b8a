// idaudit report: the findings table. The rows are data (the JSON block above); this script
// filters, sorts and pages them, and builds only the rows of the page shown (and the details of
// a row a reader opens). Every value is put in the page with textContent, never as markup, so a
// hostile user or group name stays text. The filters live in the address (#findings?status=FAIL&…),
// so a link shows the same view and a reload keeps it.
(function () {
  "use strict";
  // Marks for the benchmark (HtmlReportInChromiumTest): page parsed, data parsed, first page shown.
  var mark = function (name) { if (window.performance && performance.mark) performance.mark(name); };
  mark("idaudit-script");
  var data = JSON.parse(document.getElementById("idaudit-data").textContent);
  mark("idaudit-data");
  // A row: [rule, status, severity, resource type, id, name, [accounts], reason, waiver, since last run,
  // first seen, [evidence]]; accounts, first seen and evidence index the tables data.accounts, data.runs
  // and data.evidence, where each value is written once however many findings share it.
  var RULE = 0, STATUS = 1, SEVERITY = 2, TYPE = 3, ID = 4, NAME = 5, ACCOUNTS = 6, REASON = 7, WAIVER = 8, SINCE = 9,
    FIRST_SEEN = 10, EVIDENCE = 11;
  var SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };
  var STATUS_ORDER = { FAIL: 0, ERROR: 1, NOT_EVALUATED: 2, WAIVED: 3, PASS: 4 };
  var STATUS_LABEL = { FAIL: "Fail", ERROR: "Error", NOT_EVALUATED: "Not evaluated", WAIVED: "Waived", PASS: "Pass" };
  // Printing builds every matching row; beyond these, the CSV and the workbook are the medium.
  var PRINT_LIMIT = 5000, PRINT_DETAILS_LIMIT = 300;
  var HASH_PREFIX = "#findings?";

  var rows = data.rows;
  var ruleById = {};
  data.rules.forEach(function (r, i) { ruleById[r.id] = i; });
  // One lower-case string per row to search in: built on the first search, not at open.
  var haystack = null;
  function buildHaystack() {
    haystack = rows.map(function (r) {
      var rule = data.rules[r[RULE]];
      return [rule.id, rule.title, r[STATUS], r[SEVERITY], r[TYPE], r[ID], r[NAME], accountIds(r).join(" "), r[REASON], r[WAIVER]]
        .join("\u0001").toLowerCase();
    });
  }

  function accountIds(r) { return r[ACCOUNTS].map(function (a) { return data.accounts[a][0]; }); }
  function accountLabel(a) { var acc = data.accounts[a]; return acc[1] ? acc[1] + " (" + acc[0] + ")" : acc[0]; }

  var el = function (id) { return document.getElementById(id); };
  var search = el("f-search"), fSeverity = el("f-severity"), fStatus = el("f-status"), fRule = el("f-rule"), fAccount = el("f-account");
  var body = el("findings-body"), count = el("f-count"), pageLabel = el("f-page"), prev = el("f-prev"), next = el("f-next"), size = el("f-size");

  var state = { page: 0, sortColumn: -1, sortDir: 1, matches: [], open: {} };

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  var seenStatus = {}, seenSeverity = {}, noAccount = false, accountIndex = {};
  for (var i = 0; i < rows.length; i++) {
    var r = rows[i];
    seenStatus[r[STATUS]] = true;
    seenSeverity[r[SEVERITY]] = true;
    if (r[ACCOUNTS].length === 0) noAccount = true;
  }
  data.accounts.forEach(function (acc, i) { accountIndex[acc[0]] = i; });
  Object.keys(seenSeverity).sort(function (a, b) { return SEVERITY_ORDER[a] - SEVERITY_ORDER[b]; })
    .forEach(function (s) { option(fSeverity, s, s.charAt(0).toUpperCase() + s.slice(1)); });
  Object.keys(seenStatus).sort(function (a, b) { return STATUS_ORDER[a] - STATUS_ORDER[b]; })
    .forEach(function (s) { option(fStatus, s, STATUS_LABEL[s] || s); });
  data.rules.map(function (r) { return r.id; }).sort().forEach(function (id) { option(fRule, id, id); });
  data.accounts.map(function (acc, i) { return i; })
    .sort(function (a, b) { return data.accounts[a][0] < data.accounts[b][0] ? -1 : 1; })
    .forEach(function (a) { option(fAccount, data.accounts[a][0], accountLabel(a)); });
  if (noAccount) option(fAccount, "-", "(no account)");

  // The view a report opens on: the failures, most severe first (the rows' own order).
  var DEFAULTS = { status: seenStatus.FAIL ? "FAIL" : "", severity: "", rule: "", account: "", q: "", sort: "", page: "1" };

  function currentParams() {
    var p = [];
    var put = function (k, v) { p.push(encodeURIComponent(k) + "=" + encodeURIComponent(v)); };
    put("status", fStatus.value);
    if (fSeverity.value) put("severity", fSeverity.value);
    if (fRule.value) put("rule", fRule.value);
    if (fAccount.value) put("account", fAccount.value);
    if (search.value.trim()) put("q", search.value.trim());
    if (state.sortColumn >= 0) put("sort", (state.sortDir < 0 ? "-" : "") + state.sortColumn);
    if (state.page > 0) put("page", String(state.page + 1));
    if (size.value !== "100") put("size", size.value);
    return p.join("&");
  }
  function parseHash(hash) {
    if (hash.indexOf(HASH_PREFIX) !== 0) return null;
    var out = {};
    hash.slice(HASH_PREFIX.length).split("&").forEach(function (kv) {
      if (!kv) return;
      var at = kv.indexOf("=");
      var k = decodeURIComponent(at < 0 ? kv : kv.slice(0, at));
      out[k] = at < 0 ? "" : decodeURIComponent(kv.slice(at + 1).replace(/\+/g, " "));
    });
    return out;
  }
  function setSelect(select, value) {
    select.value = value || "";
    if (select.value !== (value || "")) select.value = ""; // a value this report does not have
  }
  // Applies a view: the address's, or the defaults when the address names none.
  function applyParams(p) {
    var v = p || DEFAULTS;
    setSelect(fStatus, v.status === undefined ? "" : v.status);
    setSelect(fSeverity, v.severity);
    setSelect(fRule, v.rule);
    setSelect(fAccount, v.account);
    search.value = v.q || "";
    setSelect(size, v.size || "100");
    if (!size.value) size.value = "100";
    var sort = v.sort || "";
    state.sortColumn = sort === "" ? -1 : Math.abs(parseInt(sort, 10));
    if (isNaN(state.sortColumn)) state.sortColumn = -1;
    state.sortDir = sort.charAt(0) === "-" ? -1 : 1;
    markSorted();
    state.open = {};
    filter();
    var page = parseInt(v.page || "1", 10);
    state.page = isNaN(page) || page < 1 ? 0 : page - 1;
    render(false);
  }
  var written = null;
  function remember() {
    var hash = HASH_PREFIX + currentParams();
    if (hash === location.hash) return;
    written = hash;
    try {
      history.replaceState(null, "", hash);
    } catch (e) {
      location.replace(hash); // replaceState refused (some browsers, on file: addresses)
    }
  }

  function compare(a, b) {
    var c = state.sortColumn, x, y;
    if (c === SEVERITY) { x = SEVERITY_ORDER[a[c]]; y = SEVERITY_ORDER[b[c]]; }
    else if (c === STATUS) { x = STATUS_ORDER[a[c]]; y = STATUS_ORDER[b[c]]; }
    else if (c === RULE) { x = data.rules[a[c]].id; y = data.rules[b[c]].id; }
    else if (c === ACCOUNTS) { x = accountIds(a).join(","); y = accountIds(b).join(","); }
    else { x = String(a[c]).toLowerCase(); y = String(b[c]).toLowerCase(); }
    return x < y ? -state.sortDir : x > y ? state.sortDir : 0;
  }

  function filter() {
    var q = search.value.trim().toLowerCase(), sev = fSeverity.value, st = fStatus.value;
    // "" for every account, "-" for findings without one, else the account's index in data.accounts (0 is one)
    var acc = fAccount.value === "" ? "" : fAccount.value === "-" ? "-" : accountIndex[fAccount.value];
    var rule = fRule.value === "" ? -1 : ruleById[fRule.value];
    var terms = q === "" ? [] : q.split(/\s+/);
    if (terms.length > 0 && haystack === null) buildHaystack();
    var out = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (sev && r[SEVERITY] !== sev) continue;
      if (st && r[STATUS] !== st) continue;
      if (rule >= 0 && r[RULE] !== rule) continue;
      // A finding belongs to every account it concerns: a person's finding to each account they reach.
      if (acc !== "" && (acc === "-" ? r[ACCOUNTS].length !== 0 : r[ACCOUNTS].indexOf(acc) < 0)) continue;
      var ok = true;
      for (var t = 0; t < terms.length; t++) { if (haystack[i].indexOf(terms[t]) < 0) { ok = false; break; } }
      if (ok) out.push(i);
    }
    if (state.sortColumn >= 0) {
      // stable: ties keep the report order (severity, status, rule, resource)
      out.sort(function (a, b) { return compare(rows[a], rows[b]) || a - b; });
    }
    state.matches = out;
  }

  function text(tag, content, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined && content !== null) e.textContent = content;
    return e;
  }
  function badge(cls, label) { return text("span", label, "badge " + cls); }
  function cell(tr, content, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (typeof content === "string") td.textContent = content; else if (content) td.appendChild(content);
    tr.appendChild(td);
    return td;
  }
  function capitalised(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  function renderRow(index, expanded) {
    var r = rows[index];
    var tr = document.createElement("tr");
    tr.className = "finding-row";
    tr.setAttribute("data-index", String(index));
    var rule = data.rules[r[RULE]];
    var first = cell(tr, null);
    var toggle = text("button", expanded ? "▾" : "▸", "toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", expanded ? "true" : "false");
    toggle.setAttribute("aria-label", "Show the whole finding");
    first.appendChild(toggle);
    first.appendChild(badge("sev-" + r[SEVERITY], capitalised(r[SEVERITY])));
    cell(tr, badge("st-" + r[STATUS].toLowerCase().replace("_", "-"), STATUS_LABEL[r[STATUS]] || r[STATUS]));
    var ruleCell = cell(tr, null, "mono small");
    var link = text("a", rule.id);
    link.href = "#rule-" + rule.id;
    link.title = rule.title || "";
    ruleCell.appendChild(link);
    var res = cell(tr, r[NAME]);
    if (r[ID] !== r[NAME]) res.appendChild(text("span", r[TYPE] + " " + r[ID], "res-id mono"));
    var ids = accountIds(r);
    cell(tr, ids.length === 0 ? "—" : ids.length <= 3 ? ids.join(", ") : ids.slice(0, 2).join(", ") + " and " + (ids.length - 2) + " more",
      "mono small");
    var reason = cell(tr, r[REASON], "reason");
    if (r[SINCE] === "NEW_FAILURE") reason.insertBefore(badge("change-new", "New"), reason.firstChild);
    if (r[WAIVER]) reason.appendChild(text("span", "Waived: " + r[WAIVER], "waiver"));
    return tr;
  }

  function field(dl, label, content) {
    if (content === null || content === undefined || content === "" || (content.length === 0)) return;
    dl.appendChild(text("dt", label));
    var dd = document.createElement("dd");
    if (typeof content === "string") dd.textContent = content; else dd.appendChild(content);
    dl.appendChild(dd);
  }
  function list(tag, items, cls) {
    var l = text(tag, null, cls);
    items.forEach(function (item) { l.appendChild(text("li", item)); });
    return l;
  }
  function pre(lines) { return text("pre", lines); }
  function block(parts) {
    var div = document.createElement("div");
    parts.forEach(function (p) { if (p) div.appendChild(p); });
    return div.childNodes.length ? div : null;
  }
  var SINCE_LABEL = { NEW_FAILURE: "New failure since the last run", STILL_FAILING: "Still failing since the last run",
    NEWLY_WAIVED: "Newly waived since the last run", WAIVER_EXPIRED: "Its waiver expired since the last run",
    NO_LONGER_EVALUATED: "No longer evaluated (data missing)", UNCHANGED: "Unchanged since the last run" };
  // Everything about one finding, from the row and its rule's explanation.
  function renderDetail(index) {
    var r = rows[index], rule = data.rules[r[RULE]];
    var tr = document.createElement("tr");
    tr.className = "finding-detail";
    var td = document.createElement("td");
    td.colSpan = 6;
    var dl = text("dl", null, "detail");
    field(dl, "Rule", rule.id + ": " + rule.title);
    field(dl, "Theme", rule.theme);
    field(dl, "Resource", r[TYPE] + " " + r[ID] + (r[NAME] !== r[ID] ? " (" + r[NAME] + ")" : ""));
    field(dl, "Accounts concerned", r[ACCOUNTS].length === 0 ? "none (not an account's resource, and reaches no account)"
      : list("ul", r[ACCOUNTS].map(accountLabel), "plain"));
    field(dl, "Reason", r[REASON]);
    field(dl, "Waiver", r[WAIVER]);
    var first = r[FIRST_SEEN] >= 0 ? data.runs[r[FIRST_SEEN]] : null;
    field(dl, "First seen", first ? "run " + first[0] + (first[1] ? " (" + first[1] + ")" : "") : null);
    field(dl, "Since the last run", r[SINCE] ? SINCE_LABEL[r[SINCE]] || r[SINCE] : null);
    field(dl, "Risk", rule.risk);
    var fix = rule.fix;
    if (fix) {
      field(dl, "Remediation", block([
        fix.text ? text("p", fix.text) : null,
        fix.console && fix.console.length ? text("h5", "Console") : null,
        fix.console && fix.console.length ? list("ol", fix.console) : null,
        fix.cli && fix.cli.length ? text("h5", "CLI") : null,
        fix.cli && fix.cli.length ? pre(fix.cli.join("\n")) : null,
        fix.terraform ? text("h5", "Terraform") : null,
        fix.terraform ? pre(fix.terraform) : null,
        fix.links && fix.links.length ? text("h5", "References (copy the address; this report links nowhere)") : null,
        fix.links && fix.links.length ? list("ul", fix.links, "plain mono") : null]));
    } else {
      field(dl, "Remediation", rule.remediation);
    }
    if (rule.requirements.length) {
      field(dl, "Frameworks", list("ul", rule.requirements.map(function (q) {
        return q.framework + ": " + q.id + (q.title ? " " + q.title : "");
      }), "plain"));
    }
    if (r[EVIDENCE].length) {
      field(dl, "Evidence", list("ul", r[EVIDENCE].map(function (e) {
        var ev = data.evidence[e];
        return ev[0] + ": " + ev[2] + "   (snapshot.json.gz, " + ev[1] + ")";
      }), "plain evidence"));
    }
    field(dl, "What the rule checks", rule.description);
    var docs = document.createElement("span");
    var internal = text("a", "Rule " + rule.id + " in this report");
    internal.href = "#rule-" + rule.id;
    docs.appendChild(internal);
    if (rule.docs) {
      docs.appendChild(document.createTextNode(" · "));
      var external = text("a", "Rule documentation ↗");
      external.href = rule.docs;
      external.rel = "noopener noreferrer";
      docs.appendChild(external);
    }
    field(dl, "Documentation", docs);
    td.appendChild(dl);
    tr.appendChild(td);
    return tr;
  }

  function render(all) {
    var per = all ? PRINT_LIMIT : parseInt(size.value, 10);
    var pages = Math.max(1, Math.ceil(state.matches.length / per));
    if (state.page >= pages) state.page = pages - 1;
    var start = all ? 0 : state.page * per;
    var end = Math.min(state.matches.length, start + per);
    var expandAll = all && end - start <= PRINT_DETAILS_LIMIT;
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) {
      var index = state.matches[i], open = expandAll || state.open[index] === true;
      frag.appendChild(renderRow(index, open));
      if (open) frag.appendChild(renderDetail(index));
    }
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

  function update() { state.page = 0; state.open = {}; filter(); render(false); remember(); }

  search.addEventListener("input", update);
  [fSeverity, fStatus, fRule, fAccount, size].forEach(function (s) { s.addEventListener("change", update); });
  el("f-reset").addEventListener("click", function () {
    search.value = ""; fSeverity.value = ""; fStatus.value = ""; fRule.value = ""; fAccount.value = "";
    state.sortColumn = -1; markSorted(); update();
  });
  prev.addEventListener("click", function () { state.page--; render(false); remember(); });
  next.addEventListener("click", function () { state.page++; render(false); remember(); });

  // A row opens (and closes) on a click anywhere but a link, or on its toggle with the keyboard.
  body.addEventListener("click", function (e) {
    if (e.target.closest("a")) return;
    var tr = e.target.closest("tr.finding-row");
    if (!tr) return;
    var index = parseInt(tr.getAttribute("data-index"), 10);
    var open = state.open[index] !== true;
    state.open[index] = open;
    var toggle = tr.querySelector("button.toggle");
    toggle.textContent = open ? "▾" : "▸";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) tr.parentNode.insertBefore(renderDetail(index), tr.nextSibling);
    else if (tr.nextSibling && tr.nextSibling.className === "finding-detail") tr.parentNode.removeChild(tr.nextSibling);
  });

  function headers() { return Array.prototype.slice.call(document.querySelectorAll("#findings-table th[data-sort]")); }
  function markSorted() {
    headers().forEach(function (h) {
      var c = parseInt(h.getAttribute("data-sort"), 10);
      h.setAttribute("aria-sort", c === state.sortColumn ? (state.sortDir > 0 ? "ascending" : "descending") : "none");
    });
  }
  headers().forEach(function (th) {
    var sortBy = function () {
      var c = parseInt(th.getAttribute("data-sort"), 10);
      state.sortDir = state.sortColumn === c ? -state.sortDir : 1;
      state.sortColumn = c;
      markSorted();
      update();
    };
    th.tabIndex = 0;
    th.addEventListener("click", sortBy);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(); } });
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.show-rule"), function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      applyParams({ status: "", rule: a.getAttribute("data-rule") });
      remember();
      el("findings").scrollIntoView();
    });
  });

  // Printing (auditors print to PDF): every row that matches the filters, each opened when few.
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
    var texts = null;
    input.addEventListener("input", function () {
      if (texts === null) texts = trs.map(function (tr) { return tr.textContent.toLowerCase(); });
      var terms = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      trs.forEach(function (tr, i) {
        tr.hidden = !terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      });
    });
  });

  var printButton = el("print");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });

  // A link to a view (pasted, or back and forward) applies it; our own writes are not news.
  window.addEventListener("hashchange", function () {
    if (location.hash === written) return;
    var p = parseHash(location.hash);
    if (p) { applyParams(p); el("findings").scrollIntoView(); }
  });

  var initial = parseHash(location.hash);
  applyParams(initial);
  if (initial) el("findings").scrollIntoView();
  mark("idaudit-ready");
  document.documentElement.setAttribute("data-ready", "true");
})();
