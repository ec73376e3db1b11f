// Runs where modules are missing (nomodule): shows index.html's note at once (styles.css holds it back elsewhere).
document.getElementById('old-browser').style.visibility = 'visible';
