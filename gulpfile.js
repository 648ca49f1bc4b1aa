const { src, dest } = require('gulp');

// tsc emits only JavaScript; the node and credential icons must sit beside the compiled files.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
