// 发起离职案件: the upload of the written resignation notice is shown for the case type it belongs to
// (data-case-type on the file input, set by cases/forms.py OpenCaseForm); the form refuses it with any other.
// The separation date's hint (辞职可留空…) likewise shows for a resignation only (data-hint-case-type).
(function () {
  function wire() {
    var type = document.getElementById("id_case_type");
    if (!type) return;
    var dated = document.querySelector("#open-case [data-hint-case-type]");
    var hint = dated && (dated.closest(".fw-field") || dated.parentElement).querySelector(".form-text");
    if (hint) {
      var syncHint = function () { hint.hidden = type.value !== dated.dataset.hintCaseType; };
      type.addEventListener("change", syncHint);
      syncHint();
    }
    var upload = document.querySelector("#open-case input[type=file][data-case-type]");
    if (!upload) return;
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
