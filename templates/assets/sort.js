// wfo: sortable tables. wfoSortable(table) lets a click on a column heading sort the rows by
// that column, again to reverse: numbers by value ("12.5 %", "-3"), "—" and "n/a" last, text
// alphabetically; a cell's data-sort attribute, when present, is its key. Without JavaScript
// the rows keep the order they were written in.
function wfoSortable(table) {
  if (!table || !table.tHead || !table.tBodies.length) return;
  var body = table.tBodies[0];
  function key(cell) {
    if (!cell) return null;
    var given = cell.getAttribute('data-sort');
    var text = given !== null ? given : cell.textContent.trim();
    var number = parseFloat(text.replace(/[^0-9eE+\-.]/g, ''));
    if (/^[-+]?[0-9]/.test(text) && !isNaN(number)) return number;
    return text === '' || text === '—' || text.indexOf('n/a') === 0 ? null : text.toLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
    if (heading.hasAttribute('data-no-sort')) return;
    heading.style.cursor = 'pointer';
    heading.title = 'sort by ' + heading.textContent;
    heading.addEventListener('click', function () {
      var ascending = heading.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute('aria-sort'); });
      heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
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
    });
  });
}
