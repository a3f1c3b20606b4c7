using System.Collections.Concurrent;

namespace Hbd.Client.Linux;

/// <summary>
/// statvfs on a hung network filesystem (NFS, CIFS, FUSE) blocks until the server answers, possibly forever.
/// Calls run on a dedicated worker thread and are waited for at most <see cref="Timeout"/>. A worker stuck in a
/// call is left to it and a fresh one takes over, and a path whose call has not returned is not asked again until
/// it has: one dead mount costs one blocked thread, not one per beat, and the other mounts are still measured.
/// (Not the thread pool: a starved pool would make healthy mounts look hung.)
/// </summary>
internal sealed class HangGuardedFileSystemStats(IFileSystemStats inner, TimeSpan timeout)
{
    private readonly Dictionary<string, Call> _stuck = new(StringComparer.Ordinal);
    private Worker? _worker;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Asks for the path's usage; <paramref name="hung"/> when no answer came in time (or an earlier call is still out).</summary>
    public bool TryGet(string path, out FileSystemStats stats, out bool hung)
    {
        stats = default;
        if (_stuck.TryGetValue(path, out var earlier))
        {
            hung = !earlier.Done.IsSet;
            if (hung)
                return false;
            _stuck.Remove(path);
        }
        var call = new Call(path);
        (_worker ??= new Worker(inner)).Calls.Add(call);
        if (!call.Done.Wait(Timeout))
        {
            _stuck[path] = call;
            _worker.Abandon(); // it finishes this call whenever the server answers, then ends
            _worker = null;
            hung = true;
            return false;
        }
        hung = false;
        call.Done.Dispose();
        stats = call.Result;
        return call.Succeeded;
    }

    private sealed class Call(string path)
    {
        public string Path { get; } = path;

        public ManualResetEventSlim Done { get; } = new();

        public bool Succeeded { get; set; }

        public FileSystemStats Result { get; set; }
    }

    private sealed class Worker
    {
        private readonly IFileSystemStats _inner;

        public Worker(IFileSystemStats inner)
        {
            _inner = inner;
            new Thread(Run) { IsBackground = true, Name = "hbc statvfs" }.Start();
        }

        public BlockingCollection<Call> Calls { get; } = [];

        public void Abandon() => Calls.CompleteAdding();

        private void Run()
        {
            foreach (var call in Calls.GetConsumingEnumerable())
            {
                try
                {
                    call.Succeeded = _inner.TryGet(call.Path, out var result);
                    call.Result = result;
                }
                catch (Exception)
                {
                    call.Succeeded = false; // reported as "cannot be asked", like any statvfs error
                }
                call.Done.Set();
            }
        }
    }
}
