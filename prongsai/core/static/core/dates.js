// A calendar button beside every Thai date box (core/date_fields.py). The browser's picker
// answers in the Christian era; the box shows the Buddhist era the clerk reads and types.
(function () {
  function pad(n) { return String(n).padStart(2, "0"); }
  function attach(box) {
    if (box.dataset.pickerReady || !HTMLInputElement.prototype.showPicker) return;
    box.dataset.pickerReady = "1";
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "thai-date-picker";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary thai-date-button";
    button.textContent = box.lang === "en" ? "Calendar" : (document.documentElement.lang === "en" ? "Calendar" : "ปฏิทิน");
    button.addEventListener("click", function () {
      try { picker.showPicker(); } catch (e) { picker.focus(); }
    });
    picker.addEventListener("change", function () {
      var parts = picker.value.split("-");
      if (parts.length === 3) {
        box.value = pad(parts[2]) + "/" + pad(parts[1]) + "/" + (Number(parts[0]) + 543);
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    box.after(button, picker);
  }
  function scan(root) { root.querySelectorAll("input[data-thai-date]").forEach(attach); }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (e) { scan(e.target); });
})();
