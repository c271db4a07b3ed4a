// Main menu groups: one open at a time; a click elsewhere or Escape closes them.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.navgroup[open]").forEach((group) => {
    if (!group.contains(event.target)) group.removeAttribute("open");
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    document.querySelectorAll("details.navgroup[open]").forEach((g) => g.removeAttribute("open"));
  }
});
