// Progressive enhancement only: the pages work without JavaScript.
"use strict";
(function () {
  function renumber(row, index) {
    row.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(/([.-])\d+(?=([.-]|$| ))/, "$1" + index));
      });
    });
  }
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
      copy.querySelectorAll("button.remove").forEach(function (el) { el.remove(); });
      renumber(copy, next);
      counter.value = String(next + 1);
      list.appendChild(copy);
      addRemove(copy);
      var first = copy.querySelector("input,textarea");
      if (first) first.focus();
    });
  });
  var summary = document.getElementById("loi-tong-hop");
  if (summary) summary.focus();

  // Batch page: send the spreadsheet to the batch API and poll the job.
  var batch = document.querySelector("form[data-batch]");
  if (batch) {
    batch.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var box = document.getElementById("tien-do"), text = document.getElementById("tien-do-chu");
      var bar = document.getElementById("tien-do-thanh"), link = document.getElementById("tien-do-tai");
      box.hidden = false; text.textContent = "Đang gửi bảng tính…";
      fetch(batch.action, { method: "POST", body: new FormData(batch), credentials: "same-origin" })
        .then(function (resp) {
          if (resp.status === 202) return poll(resp.headers.get("Location"));
          if (resp.ok) return resp.blob().then(function (blob) { done(URL.createObjectURL(blob)); });
          return resp.json().then(function (p) { text.textContent = p.detail || "Không tạo được văn bản."; });
        })
        .catch(function () { text.textContent = "Mất kết nối tới máy chủ; hãy thử lại."; });
      function done(href) {
        text.textContent = "Đã xong."; bar.value = bar.max;
        link.hidden = false; link.querySelector("a").href = href;
      }
      function poll(url) {
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (job) {
          bar.max = job.total || 1; bar.value = job.done || 0;
          text.textContent = "Đã tạo " + (job.done || 0) + "/" + (job.total || "?") + " văn bản…";
          if (job.state === "done") done(job.result);
          else if (job.state === "failed" || job.state === "cancelled") text.textContent = "Lô văn bản không hoàn thành.";
          else setTimeout(function () { poll(url); }, 1000);
        });
      }
    });
  }
})();
