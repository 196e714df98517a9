/*
 * Keyboard shortcuts for the moderation queue: j / k move between comments,
 * a approves, r rejects, s marks as spam, x selects for a bulk action,
 * / jumps to search. Keys typed into a field are left alone.
 */
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".mod-item"));
  if (!items.length && !document.querySelector(".mod-search")) return;

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".mod-item") : null;
  }
  function move(step) {
    var index = items.indexOf(current());
    var next = items[Math.max(0, Math.min(items.length - 1, index + step))];
    if (next) next.focus();
  }
  function press(key) {
    var item = current();
    var button = item && item.querySelector('button[data-key="' + key + '"]');
    if (button) button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.matches && target.matches("input:not([type=checkbox]), textarea, select")) return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": case "r": case "s": case "f": press(event.key); break;
      case "x": {
        var item = current();
        var box = item && item.querySelector('input[type="checkbox"]');
        if (box) box.checked = !box.checked;
        break;
      }
      case "/": {
        var search = document.querySelector("[data-shortcut='/']");
        if (search) search.focus();
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  if (items.length && !current()) items[0].focus();
})();
