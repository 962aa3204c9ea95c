// Staff replies: a canned reply or an article link goes into the reply box where the cursor
// is. Elements opt in with data-insert-into="<textarea id>"; nothing happens elsewhere.
(function () {
  "use strict";
  function insert(targetId, text) {
    var box = document.getElementById(targetId);
    if (!box || !text) { return; }
    var start = box.selectionStart || box.value.length;
    var end = box.selectionEnd || box.value.length;
    var before = box.value.slice(0, start);
    var glue = before && !/\s$/.test(before) ? "\n" : "";
    box.value = before + glue + text + box.value.slice(end);
    box.focus();
    box.selectionStart = box.selectionEnd = (before + glue + text).length;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-insert-into]");
    if (button) { insert(button.getAttribute("data-insert-into"), button.getAttribute("data-insert-text")); }
  });
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-insert-into]") && select.value) {
      insert(select.getAttribute("data-insert-into"), select.value);
      select.value = "";
    }
  });
})();
