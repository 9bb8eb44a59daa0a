// wfo: sortable tables. wfoSortable(table) lets a click on a column heading sort the rows by
// that column, again to reverse: numbers by value ("12.5 %", "-3"), "—" and "n/a" last, text
// alphabetically; a cell's data-sort attribute, when present, is its key. On a phone, where a
// wide table is one card per row and its headings are hidden, a "Sort by" menu above the
// table does the same. Without JavaScript the rows keep the order they were written in.
function wfoSortable(table) {
  if (!table || !table.tHead || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var headings = table.tHead.rows[0].cells;
  function key(cell) {
    if (!cell) return null;
    var given = cell.getAttribute('data-sort');
    var text = given !== null ? given : cell.textContent.trim();
    var number = parseFloat(text.replace(/[^0-9eE+\-.]/g, ''));
    if (/^[-+]?[0-9]/.test(text) && !isNaN(number)) return number;
    return text === '' || text === '—' || text.indexOf('n/a') === 0 ? null : text.toLowerCase();
  }
  function sort(column, ascending) {
    Array.prototype.forEach.call(headings, function (other) { other.removeAttribute('aria-sort'); });
    headings[column].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[column]), y = key(b.cells[column]);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
      return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  var picker = document.createElement('label');
  picker.className = 'sort-picker';
  picker.appendChild(document.createTextNode('Sort by '));
  var menu = document.createElement('select');
  menu.appendChild(new Option('as written', ''));
  Array.prototype.forEach.call(headings, function (heading, column) {
    if (heading.hasAttribute('data-no-sort')) return;
    var name = heading.textContent.trim();
    heading.style.cursor = 'pointer';
    heading.title = 'sort by ' + name;
    heading.addEventListener('click', function () { sort(column, heading.getAttribute('aria-sort') !== 'ascending'); });
    menu.appendChild(new Option(name + ' ▲', column + ' asc'));
    menu.appendChild(new Option(name + ' ▼', column + ' desc'));
  });
  menu.addEventListener('change', function () {
    if (!menu.value) return;
    var parts = menu.value.split(' ');
    sort(parseInt(parts[0], 10), parts[1] === 'asc');
  });
  picker.appendChild(menu);
  table.parentNode.insertBefore(picker, table);
}
