// Exits before it listens, as a server does whose configuration file is missing: with an exit
// code ("code"), or killed by a signal ("signal", as a crash would be).
console.log('reading config.json');
console.error("Error: ENOENT: no such file or directory, open 'config.json'");
if (process.argv[2] === 'signal') process.kill(process.pid, 'SIGKILL');
process.exit(3);
