// Phones (prongsai.css, max-width 48rem). Without this script nothing is lost: the menu stays open
// and wide boxes still scroll by touch.
// - The top menu folds behind one button; Escape folds it again.
// - A table or block that scrolls sideways inside its own box takes the keyboard focus, so arrow
//   keys can scroll it too (WCAG 2.1.1).
(function () {
  function foldMenu() {
    var bar = document.querySelector(".topbar");
    var button = bar && bar.querySelector(".menu-toggle");
    if (!button) return;
    bar.classList.add("collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }
  function focusScrollers() {
    document.querySelectorAll("main table, main .scroll-x, main pre").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  var pending;
  function later() { clearTimeout(pending); pending = setTimeout(focusScrollers, 150); }
  document.addEventListener("DOMContentLoaded", function () {
    foldMenu();
    focusScrollers();
    window.addEventListener("resize", later);
    document.body.addEventListener("htmx:afterSettle", later);
  });
})();
