// The Python that runs the PyTorch references (gloo_allreduce.py, torch_ddp.py, torch_train.py): env
// MYGPT_PYTHON (an absolute path, e.g. a venv's python3), else /usr/bin/python3 (Debian's torch on the dev VM).
export const PYTHON = process.env.MYGPT_PYTHON || '/usr/bin/python3';
