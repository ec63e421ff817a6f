// Polls the bundle's JSON status and updates the progress bar until the ZIP is ready.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("bundle-progress");
  var field = function (name) { return box.querySelector('[data-field="' + name + '"]'); };
  var delay = 1000;
  function update(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + " %";
    field("label").textContent = data.status_label;
    field("done").textContent = data.done;
    field("total").textContent = data.total;
    if (data.download_url) {
      var link = document.querySelector("#bundle-download a");
      link.href = data.download_url;
      document.getElementById("bundle-download").hidden = false;
      return true;
    }
    if (data.status === "failed") {
      document.getElementById("bundle-failed").hidden = false;
      return true;
    }
    return false;
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!update(data)) { delay = Math.min(delay * 1.3, 5000); setTimeout(poll, delay); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  if (!document.getElementById("bundle-download").hidden) { return; }
  setTimeout(poll, 500);
})();
