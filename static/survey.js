/* Survey pages: fast paper-form entry and small conveniences; the pages work without it. */
(function () {
  "use strict";
  // Paper entry: typing 1-4 in an answer box jumps to the next one; other keys are refused.
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".paper-answers input"));
  boxes.forEach(function (box, i) {
    box.addEventListener("keydown", function (event) {
      if (event.key.length === 1 && !/[1-4]/.test(event.key) && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
      }
      if (event.key === "Backspace" && box.value === "" && i > 0) {
        boxes[i - 1].focus();
      }
    });
    box.addEventListener("input", function () {
      box.value = box.value.replace(/[^1-4]/g, "").slice(-1);
      if (box.value && i + 1 < boxes.length) {
        boxes[i + 1].focus();
        boxes[i + 1].select();
      } else if (box.value) {
        var next = document.querySelector("[data-after-answers]");
        if (next) { next.focus(); }
      }
    });
  });
  // Results page: "buat RTL" next to a priority preselects its unsur in the new RTL form.
  document.querySelectorAll(".rtl-link").forEach(function (link) {
    link.addEventListener("click", function () {
      var form = document.getElementById("rtl-new");
      var select = form && form.querySelector("select[name=unsur_code]");
      if (form) { form.open = true; }
      if (select) { select.value = link.getAttribute("data-unsur"); }
    });
  });
})();
