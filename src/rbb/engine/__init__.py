"""Engine: derived figures, presentation rules and checks over the model."""
