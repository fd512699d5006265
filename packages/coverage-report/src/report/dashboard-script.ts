/**
 * The dashboard's inline script: sorts the file table by a clicked column and filters it by text
 * and "failing only". It reads the rows' values from the embedded `#coverage-data` JSON, so the
 * table never re-parses its own text. Plain ES2017, no dependency, works from `file://`.
 */
export const DASHBOARD_SCRIPT: string = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('coverage-data').textContent);
  var table = document.getElementById('file-table');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById('file-filter');
  var failing = document.getElementById('only-failing');
  var count = document.getElementById('file-count');
  var state = { key: 'path', dir: 1 };
  function value(row, key) {
    var v = data.files[Number(row.getAttribute('data-index'))][key];
    return v === null ? -Infinity : v;
  }
  function compare(a, b) {
    var x = value(a, state.key);
    var y = value(b, state.key);
    var c = x < y ? -1 : x > y ? 1 : 0;
    if (c === 0) {
      x = value(a, 'path');
      y = value(b, 'path');
      c = x < y ? -1 : x > y ? 1 : 0;
    }
    return c * state.dir;
  }
  function render() {
    var sorted = rows.slice().sort(compare);
    var fragment = document.createDocumentFragment();
    sorted.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    table.querySelectorAll('th[data-key]').forEach(function (th) {
      var key = th.getAttribute('data-key');
      th.setAttribute('aria-sort', key === state.key ? (state.dir === 1 ? 'ascending' : 'descending') : 'none');
    });
  }
  function apply() {
    var query = filter.value.trim().toLowerCase();
    var onlyFailing = failing.checked;
    var shown = 0;
    rows.forEach(function (row) {
      var file = data.files[Number(row.getAttribute('data-index'))];
      var text = (file.path + ' ' + file.package).toLowerCase();
      var visible = text.indexOf(query) !== -1 && (!onlyFailing || file.target === 'failed');
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' files';
  }
  table.querySelectorAll('th[data-key] button').forEach(function (button) {
    button.addEventListener('click', function () {
      var key = button.parentElement.getAttribute('data-key');
      if (key === state.key) {
        state.dir = -state.dir;
      } else {
        state.key = key;
        state.dir = 1;
      }
      render();
    });
  });
  var drill = JSON.parse(document.getElementById('drill-data').textContent);
  var panel = document.getElementById('drill-down');
  var REASONS = { failed: 'misses its target', regressed: 'dropped against the baseline', uncovered: 'has uncovered lines' };
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function show(path) {
    var entry = drill[path];
    if (!entry) return;
    var missing = {};
    var ranges = entry.missing.map(function (r) {
      for (var l = r[0]; l <= r[1]; l += 1) missing[l] = true;
      return r[0] === r[1] ? String(r[0]) : r[0] + '–' + r[1];
    });
    document.getElementById('drill-title').textContent = path + ' ' + REASONS[entry.reason];
    var note = 'Uncovered lines: ' + (ranges.join(', ') || 'none');
    if (entry.hunks === null) note += ' (source not embedded: unavailable, or past the size budget of this page)';
    else if (entry.omitted > 0) note += ' (' + entry.omitted + ' more uncovered lines not shown)';
    document.getElementById('drill-note').textContent = note;
    var box = document.getElementById('drill-source');
    box.textContent = '';
    (entry.hunks || []).forEach(function (hunk) {
      var table = el('table', 'source');
      hunk.lines.forEach(function (text, i) {
        var line = hunk.start + i;
        var tr = el('tr', missing[line] ? 'uncovered' : 'covered');
        tr.setAttribute('data-line', String(line));
        tr.appendChild(el('td', 'num', String(line)));
        var code = el('td', 'code');
        code.appendChild(el('code', '', text));
        tr.appendChild(code);
        table.appendChild(tr);
      });
      box.appendChild(table);
    });
    panel.hidden = false;
    panel.scrollIntoView();
  }
  body.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains('drill')) show(target.getAttribute('data-path'));
  });
  filter.addEventListener('input', apply);
  failing.addEventListener('change', apply);
  render();
  apply();
})();
`;
