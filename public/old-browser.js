// Runs only where JavaScript modules are missing (nomodule): shows index.html's note that links to the library file.
var note = document.getElementById('old-browser');
note.removeAttribute('hidden');
// At once: styles.css holds the note back a while for browsers that run modules (the app may still be loading there).
note.style.visibility = 'visible';
