// Runs where modules are missing (nomodule): shows index.html's note at once (styles.css holds it back elsewhere).
var note = document.getElementById('old-browser');
note.removeAttribute('hidden');
note.style.visibility = 'visible';
