// The org-unit picker (org/unit_picker.py): a click on an option fills the hidden input; × clears it.
document.addEventListener("click", function (event) {
  var option = event.target.closest(".fw-unit-option");
  var clear = event.target.closest(".fw-unit-clear");
  var picker = (option || clear) && (option || clear).closest(".fw-unit-picker");
  if (!picker) {
    document.querySelectorAll(".fw-unit-results").forEach(function (box) {
      if (!box.parentElement.contains(event.target)) box.innerHTML = "";
    });
    return;
  }
  picker.querySelector("input[type=hidden]").value = option ? option.dataset.pk : "";
  picker.querySelector(".fw-unit-search").value = option ? option.dataset.label : "";
  picker.querySelector(".fw-unit-results").innerHTML = "";
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && event.target.closest(".fw-unit-picker")) {
    event.target.closest(".fw-unit-picker").querySelector(".fw-unit-results").innerHTML = "";
  }
});
