// Progressive enhancement only: the pages work without JavaScript.
"use strict";
(function () {
  function renumber(row, index) {
    row.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(/([.-])\d+(?=([.-]|$| ))/g, "$1" + index));
      });
    });
    // Labels stay unique: "Nơi nhận 4", "Họ và tên, dòng 4" (the accessible names of the inputs).
    row.querySelectorAll("[data-row-label]").forEach(function (el) {
      el.textContent = el.getAttribute("data-row-label") + " " + (index + 1);
    });
    row.querySelectorAll("[data-row-no]").forEach(function (el) {
      el.textContent = ", dòng " + (index + 1);
    });
  }
  // Dates are typed day first (05/02/2026); a button opens the browser's calendar to pick one.
  function datePicker(input) {
    if (input.dataset.picker) return;
    input.dataset.picker = "1";
    var picker = document.createElement("input");
    picker.type = "date"; picker.tabIndex = -1; picker.className = "date-proxy";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button"; button.className = "date-pick"; button.textContent = "Chọn ngày";
    button.setAttribute("aria-label", "Chọn ngày trên lịch cho ô " + ((input.labels && input.labels[0]) ? input.labels[0].textContent.trim() : ""));
    button.addEventListener("click", function () {
      var m = /^(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})$/.exec(input.value.trim());
      if (m) picker.value = m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
      if (picker.showPicker) { try { picker.showPicker(); return; } catch (e) { /* fall through */ } }
      picker.focus(); picker.click();
    });
    picker.addEventListener("change", function () {
      var p = picker.value.split("-");
      if (p.length === 3) input.value = p[2] + "/" + p[1] + "/" + p[0];
      input.focus();
    });
    var holder = document.createElement("span");
    holder.className = "date-holder";
    holder.appendChild(picker);
    input.insertAdjacentElement("afterend", holder);
    input.insertAdjacentElement("afterend", button);
  }
  document.querySelectorAll("input[data-date]").forEach(datePicker);
  function addRemove(row) {
    if (row.querySelector("button.remove")) return;
    var b = document.createElement("button");
    b.type = "button"; b.className = "remove"; b.textContent = "Xóa dòng";
    b.addEventListener("click", function () {
      row.querySelectorAll("input,textarea").forEach(function (el) { el.value = ""; });
      var list = row.parentNode;
      if (list.querySelectorAll("[data-row]").length > 1) list.removeChild(row);
    });
    row.appendChild(b);
  }
  document.querySelectorAll("[data-repeat]").forEach(function (box) {
    var list = box.querySelector(".rows");
    var counter = box.querySelector('input[type=hidden][name^="_so_dong."]');
    list.querySelectorAll("[data-row]").forEach(addRemove);
    var add = box.querySelector("button[data-add]");
    if (!add) return;
    add.addEventListener("click", function (ev) {
      ev.preventDefault();
      var rows = list.querySelectorAll("[data-row]");
      var last = rows[rows.length - 1];
      var next = parseInt(counter.value, 10) || rows.length;
      var copy = last.cloneNode(true);
      copy.querySelectorAll("input,textarea").forEach(function (el) {
        el.value = ""; el.removeAttribute("aria-invalid"); el.removeAttribute("placeholder");
      });
      copy.querySelectorAll(".error").forEach(function (el) { el.remove(); });
      copy.querySelectorAll("button.remove, button.date-pick, .date-holder").forEach(function (el) { el.remove(); });
      copy.querySelectorAll("input[data-date]").forEach(function (el) { delete el.dataset.picker; });
      renumber(copy, next);
      counter.value = String(next + 1);
      list.appendChild(copy);
      addRemove(copy);
      copy.querySelectorAll("input[data-date]").forEach(datePicker);
      var first = copy.querySelector("input,textarea");
      if (first) first.focus();
    });
  });
  var summary = document.getElementById("loi-tong-hop");
  if (summary) summary.focus();

  // Error pages: "Quay lại" returns to the previous page (the link itself goes home).
  document.querySelectorAll("[data-quay-lai]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      if (history.length > 1) { ev.preventDefault(); history.back(); }
    });
  });

  var errorBox = document.getElementById("loi-lo");
  if (errorBox) errorBox.focus();

  // Progress page: poll the job every second instead of reloading the page (the page itself
  // refreshes through <noscript><meta refresh> when JavaScript is off).
  var job = document.querySelector("[data-job]");
  if (job && (job.dataset.state === "queued" || job.dataset.state === "running")) {
    var NAMES = { queued: "đang chờ", running: "đang tạo", done: "xong", failed: "lỗi", cancelled: "đã hủy" };
    var label = document.getElementById("lo-trang-thai"), count = document.getElementById("lo-so-luong");
    var bar = document.getElementById("lo-thanh");
    var tick = function () {
      fetch(job.dataset.job, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (s) {
          label.textContent = NAMES[s.state] || s.state;
          label.className = "state-" + s.state;
          count.textContent = s.done + "/" + s.total;
          bar.max = s.total || 1; bar.value = s.done;
          // a finished job: the server renders the final page (download link, error, …)
          if (s.state !== job.dataset.state && s.state !== "running") location.reload();
          else { job.dataset.state = s.state; setTimeout(tick, 1000); }
        })
        .catch(function () { setTimeout(function () { location.reload(); }, 2000); });
    };
    setTimeout(tick, 1000);
  }
})();
