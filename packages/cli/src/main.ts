console.error("flowc: not built yet");
process.exit(2);
