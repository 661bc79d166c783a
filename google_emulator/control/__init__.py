"""The emulator's own control surface under `/_emulator/` (seed, tokens, clock, faults, the call log), its status
page, and `client.EmulatorControl`, the Python wrapper tests and the demo use."""
