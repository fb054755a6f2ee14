#!/usr/bin/env node
// Weights for PyTorch / Hugging Face: mygpt-export --checkpoint FILE|RUN_DIR --out model.safetensors.
require('./_launch')('mygpt-export', 'cli/export.js');
