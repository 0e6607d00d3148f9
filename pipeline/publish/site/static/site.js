// techbridges release page: filter a table by the words typed in its search box.
// Every word must appear somewhere in the row (case- and accent-insensitive).
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function update(input) {
    var table = document.getElementById(input.dataset.table);
    if (!table) { return; }
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var rows = table.tBodies[0].rows, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (row.dataset.text === undefined) { row.dataset.text = fold(row.textContent); }
      var ok = words.every(function (w) { return row.dataset.text.indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    var note = document.querySelector('.shown[data-for="' + table.id + '"]');
    if (note) {
      var total = rows.length + (rows.length === 1 ? " row" : " rows");
      note.textContent = words.length ? shown + " of " + total + " match" : total;
    }
  }
  var inputs = document.querySelectorAll("input.filter");
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("input", function (ev) { update(ev.target); });
    update(inputs[i]);
  }
}());
