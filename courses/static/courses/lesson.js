// Records that the learner reached the end of a lesson: when the end of the lesson
// comes into view, post the "lesson read" form in the background (same request as the
// button, with its CSRF token) and announce the result in the status region.
// Without JavaScript, or with the keyboard, the button does the same.
(function () {
  "use strict";
  var end = document.getElementById("lesson-end");
  var form = document.querySelector("form[data-lesson-read]");
  var status = document.getElementById("lesson-status");
  if (!end || !form || !status || end.dataset.autoRead !== "true") {
    return;
  }
  var sent = false;

  function send() {
    if (sent) {
      return;
    }
    sent = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (answer) {
        if (!answer.ok) {
          status.textContent = answer.data.error || status.textContent;
          return;
        }
        if (answer.data.is_done) {
          status.textContent = end.dataset.doneText || status.textContent;
          form.hidden = true;
        }
      })
      .catch(function () {
        sent = false; // the button still works
      });
  }

  if (!("IntersectionObserver" in window)) {
    return;
  }
  var observer = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.disconnect();
          send();
        }
      });
    },
    { threshold: 0.5 }
  );
  observer.observe(form);
})();
