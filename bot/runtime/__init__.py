"""The running assistant: settings, wiring, the scheduler and its leader election, the model
client."""
