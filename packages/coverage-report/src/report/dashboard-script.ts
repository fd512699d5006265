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
  filter.addEventListener('input', apply);
  failing.addEventListener('change', apply);
  render();
  apply();
})();
`;
