// 发起离职案件: the upload of the written resignation notice is shown for the case type it belongs to
// (data-case-type on the file input, set by cases/forms.py OpenCaseForm); the form refuses it with any other.
(function () {
  function wire() {
    var upload = document.querySelector("#open-case input[type=file][data-case-type]");
    var type = document.getElementById("id_case_type");
    if (!upload || !type) return;
    var field = upload.closest(".fw-field") || upload.parentElement;
    function sync() {
      // A refused upload stays visible with its error, so the message can be read.
      field.hidden = type.value !== upload.dataset.caseType && !field.classList.contains("fw-field-invalid");
    }
    type.addEventListener("change", sync);
    sync();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
