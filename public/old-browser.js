// Runs only where JavaScript modules are missing (nomodule): shows index.html's note that links to the library file.
document.getElementById('old-browser').removeAttribute('hidden');
