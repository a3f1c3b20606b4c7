namespace Hbd.Client.Linux;

/// <summary>
/// Runs calls that may block for good (statvfs on a hung NFS, CIFS or FUSE mount, a read that never returns) and
/// waits for all of them together until one deadline, <see cref="Budget"/> after they were handed in: a beat costs one
/// budget however many mounts hang. Calls run on a few dedicated threads taking from one queue; when no call has
/// finished for a moment and calls are still queued, more threads are started (doubling), so calls behind a hung one
/// are not held up. A call that is still out at the deadline keeps its thread until it returns, and its key is not
/// asked again until then: one dead mount costs one blocked thread, not one per beat. Threads that find nothing to do
/// end, but one. (Not the thread pool: a starved pool would make healthy mounts look hung.)
/// </summary>
internal sealed class HangGuard(TimeSpan budget)
{
    private readonly object _lock = new();
    // Lists, not a Queue and a Dictionary: a few calls each (the mounts; the hung ones), and the List<Call> the disk
    // plugin needs anyway is the only generic collection over Call in the binary.
    private readonly List<Call> _queue = [];
    private readonly List<Call> _outstanding = [];
    private int _threads;
    private int _idle;

    public TimeSpan Budget { get; } = budget;

    /// <summary>How many times a batch waited until its deadline (tests).</summary>
    public int DeadlinesReached { get; private set; }

    /// <summary>Threads alive, busy or idle (tests).</summary>
    public int Threads
    {
        get
        {
            lock (_lock)
                return _threads;
        }
    }

    /// <summary>
    /// Starts every call at once and returns when all have answered or the budget is spent; then
    /// <see cref="Call.Answered"/> tells which did. A call whose key has an earlier call still out is not started.
    /// </summary>
    public void RunAll(List<Call> calls)
    {
        var deadline = Environment.TickCount64 + (long)Budget.TotalMilliseconds;
        var stall = Math.Clamp((long)Budget.TotalMilliseconds / 10, 1, 50);
        lock (_lock)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                var call = calls[i];
                var earlier = Outstanding(call.Key);
                if (earlier >= 0)
                {
                    if (!_outstanding[earlier].Done)
                        continue; // still waiting for the server: not answered, not asked again
                    _outstanding.RemoveAt(earlier);
                }
                call.Queued = true;
                _queue.Add(call);
            }
            if (_queue.Count == 0)
                return;
            if (_idle == 0)
                StartThread();
            else
                Monitor.PulseAll(_lock);

            while (!AllDone(calls))
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    DeadlinesReached++;
                    break;
                }
                // Nothing finished for a while and calls are waiting: the threads are stuck, add as many again.
                if (!Monitor.Wait(_lock, TimeSpan.FromMilliseconds(Math.Min(left, stall))) && _queue.Count > 0 && _idle == 0)
                {
                    for (var i = Math.Min(_queue.Count, Math.Max(1, _threads)); i > 0; i--)
                        StartThread();
                }
            }
            _queue.Clear(); // never started: asked afresh next time
            for (var i = 0; i < calls.Count; i++)
            {
                var call = calls[i];
                call.Answered = call.Done;
                if (call.Started && !call.Done)
                {
                    var earlier = Outstanding(call.Key);
                    if (earlier >= 0)
                        _outstanding[earlier] = call;
                    else
                        _outstanding.Add(call);
                }
            }
        }
    }

    private static bool AllDone(List<Call> calls)
    {
        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i] is { Done: false, Queued: true })
                return false;
        }
        return true;
    }

    private int Outstanding(string key)
    {
        for (var i = 0; i < _outstanding.Count; i++)
        {
            if (string.Equals(_outstanding[i].Key, key, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    private void StartThread()
    {
        _threads++;
        new Thread(Work) { IsBackground = true, Name = "hbc hang guard" }.Start();
    }

    private void Work()
    {
        Call? finished = null;
        while (true)
        {
            Call call;
            lock (_lock)
            {
                if (finished is not null)
                {
                    finished.Done = true;
                    Monitor.PulseAll(_lock);
                }
                while (_queue.Count == 0)
                {
                    if (_idle > 0)
                    {
                        _threads--;
                        return;
                    }
                    _idle++;
                    Monitor.Wait(_lock);
                    _idle--;
                }
                call = _queue[0];
                _queue.RemoveAt(0);
                call.Started = true;
            }
            try
            {
                call.Run();
            }
            catch (Exception ex)
            {
                call.Error = ex;
            }
            finished = call;
        }
    }

    /// <summary>One blocking call; a subclass runs it and keeps its result.</summary>
    internal abstract class Call(string key)
    {
        /// <summary>Calls with the same key are never out at the same time (the mount's path).</summary>
        public string Key { get; } = key;

        /// <summary>Returned (or threw, see <see cref="Error"/>) before the deadline of the batch it was handed in with.</summary>
        public bool Answered { get; internal set; }

        public Exception? Error { get; internal set; }

        internal bool Queued { get; set; }

        internal bool Started { get; set; }

        internal bool Done { get; set; }

        /// <summary>Does the work on a guard thread; may block.</summary>
        protected internal abstract void Run();
    }
}
