// The dashboard's one script: the print button opens the browser's print dialog (A4 handout).
document.getElementById("print")?.addEventListener("click", () => window.print());
