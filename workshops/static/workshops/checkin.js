// The trainer's check-in screen: a new QR code every 30 seconds, and the live list of
// people who checked in, both fetched from small JSON endpoints (polling).
(function () {
  "use strict";
  var screen = document.getElementById("checkin-screen");
  if (!screen) {
    return;
  }
  var PEOPLE_EVERY_MS = 3000;
  var qr = document.getElementById("checkin-qr");
  var link = document.getElementById("checkin-url");
  var list = document.getElementById("checkin-list");
  var count = document.getElementById("checkin-count");
  var empty = document.getElementById("checkin-empty");
  var slot = document.getElementById("checkin-slot");

  function signatureOf(people) {
    return people.map(function (person) {
      return person.name + "\u0000" + person.time;
    }).join("\u0001");
  }

  // The list as the server drew it, so the first poll does not redraw (and re-announce) it.
  list.dataset.signature = signatureOf(Array.prototype.map.call(list.children, function (item) {
    return {
      name: item.querySelector(".checkin-name").textContent,
      time: item.querySelector(".help").textContent,
    };
  }));

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  }

  function refreshCode() {
    getJSON(screen.dataset.codeUrl)
      .then(function (code) {
        qr.src = code.qr;
        link.href = code.url;
        // Ask again just after the window turns.
        window.setTimeout(refreshCode, Math.max(1, code.refresh_in) * 1000 + 250);
      })
      .catch(function () {
        window.setTimeout(refreshCode, 5000);
      });
  }

  function refreshPeople() {
    getJSON(screen.dataset.peopleUrl)
      .then(function (data) {
        var items = data.people.map(function (person) {
          var item = document.createElement("li");
          var name = document.createElement("span");
          name.className = "checkin-name";
          name.textContent = person.name;
          var time = document.createElement("span");
          time.className = "help";
          time.textContent = person.time;
          item.append(name, " ", time);
          return item;
        });
        // Redraw only when the list changed (a new arrival, or the next time slot's list).
        var signature = signatureOf(data.people);
        if (list.dataset.signature !== signature) {
          list.dataset.signature = signature;
          list.replaceChildren.apply(list, items);
        }
        count.textContent = String(data.count);
        empty.hidden = data.count > 0;
        if (slot && data.slot) {
          slot.textContent = data.slot;  // the afternoon's list replaces the morning's
        }
      })
      .catch(function () { /* try again at the next tick */ })
      .finally(function () {
        window.setTimeout(refreshPeople, PEOPLE_EVERY_MS);
      });
  }

  var fullscreen = document.getElementById("checkin-fullscreen");
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        screen.requestFullscreen();
      }
    });
  } else if (fullscreen) {
    fullscreen.hidden = true;
  }

  window.setTimeout(refreshCode, Math.max(1, Number(screen.dataset.refreshIn)) * 1000 + 250);
  window.setTimeout(refreshPeople, PEOPLE_EVERY_MS);
})();
