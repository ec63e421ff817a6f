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

// A lesson validated by its H5P exercises: when one of the page's players reports a
// recorded statement, ask for the lesson's status and announce it once it is done, so the
// learner need not reload the page. Only messages from our own player iframes count.
(function () {
  "use strict";
  var end = document.getElementById("lesson-end");
  var status = document.getElementById("lesson-status");
  if (!end || !status || !end.dataset.statusUrl) {
    return;
  }
  var done = false;
  var timer = null;

  function fromOurPlayer(source) {
    var frames = document.querySelectorAll("iframe[data-h5p-player]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) {
        return true;
      }
    }
    return false;
  }

  function refresh() {
    fetch(end.dataset.statusUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || !data.is_done || done) {
          return;
        }
        done = true;
        status.textContent = end.dataset.doneText || status.textContent;
        var badge = document.querySelector("[data-lesson-badge]");
        if (badge) {
          badge.textContent = end.dataset.doneBadge || badge.textContent;
          badge.classList.add("badge-ok");
        }
      })
      .catch(function () {
        // the status stays as it was; a reload shows it
      });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (done || !data || data.context !== "bnm-h5p" || data.action !== "recorded") {
      return;
    }
    if (!fromOurPlayer(event.source)) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, 300); // an answer sends several statements at once
  });
})();
