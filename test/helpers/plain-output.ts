// The CLI colours its output when FORCE_COLOR is set (src/cli/terminal.ts), and
// CI services often set it for their logs: the tests that compare what a spawned
// obsforge prints byte for byte expect what a pipe gets. A test of colour sets
// it for its own child processes.
delete process.env.FORCE_COLOR;
