// Fetches the board every two seconds and redraws the table. Plain JS, no build step.
const REFRESH_MS = 2000;
const LIMIT = 10;

function row(entry) {
  const tr = document.createElement("tr");
  for (const [text, cls] of [[entry.rank, ""], [entry.playerId, ""], [entry.score.toFixed(2), "num"]]) {
    const td = document.createElement("td");
    td.textContent = String(text);
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  return tr;
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const response = await fetch(`/api/leaderboard?limit=${LIMIT}`, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    const tbody = document.querySelector("#board tbody");
    if (body.entries.length > 0) tbody.replaceChildren(...body.entries.map(row));
    status.textContent = `As of ${new Date(body.asOf).toLocaleTimeString()}`;
    status.classList.remove("error");
  } catch (e) {
    status.textContent = `Board not available: ${e.message}`;
    status.classList.add("error");
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
