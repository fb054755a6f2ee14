#!/usr/bin/python3
"""Reference: PyTorch Gloo all-reduce on 127.0.0.1 (world N processes, CPU tensors).
Usage: /usr/bin/python3 bench/gloo_allreduce.py --world 2 --bytes 4000000,40000000 --iters 10
Prints one JSON object {bytes: {"s": median_seconds, "cpu_ms": cpu_per_call}}: seconds per iteration = max over
ranks, median over iterations; cpu_ms = CPU time (user + system, every thread of the process, time.process_time)
spent in the timed calls, summed over ranks, per call."""
import argparse, json, socket, sys, time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp


def worker(rank, world, sizes, iters, port, q):
    torch.set_num_threads(1)
    dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{port}', rank=rank, world_size=world)
    out = {}
    for nbytes in sizes:
        t = torch.rand(nbytes // 4)
        for _ in range(2):  # warm-up
            dist.all_reduce(t)
        times, cpu = [], 0.0
        for _ in range(iters):
            dist.barrier()
            t0, c0 = time.perf_counter(), time.process_time()
            dist.all_reduce(t)
            times.append(time.perf_counter() - t0)
            cpu += time.process_time() - c0
        tt = torch.tensor(times, dtype=torch.float64)
        dist.all_reduce(tt, op=dist.ReduceOp.MAX)
        ct = torch.tensor([cpu], dtype=torch.float64)
        dist.all_reduce(ct)
        out[nbytes] = {'s': sorted(tt.tolist())[iters // 2], 'cpu_ms': ct.item() / iters * 1e3}
    if rank == 0:
        q.put(out)
    dist.destroy_process_group()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--world', type=int, default=2)
    ap.add_argument('--bytes', default='4000000,40000000')
    ap.add_argument('--iters', type=int, default=10)
    a = ap.parse_args()
    sizes = [int(x) for x in a.bytes.split(',')]
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
    ctx = mp.get_context('spawn')
    q = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(r, a.world, sizes, a.iters, port, q)) for r in range(a.world)]
    for p in procs: p.start()
    res = q.get(timeout=600)
    for p in procs: p.join(60)
    print(json.dumps({str(k): v for k, v in res.items()}))


if __name__ == '__main__':
    sys.exit(main())
