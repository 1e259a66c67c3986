namespace Wirecase.Flows.Pipeline;

/// <summary>
/// A bounded first-in, first-out queue from one thread to another. A thread that finds it full (or empty) goes to
/// sleep at once and is woken by the other: no spinning and no yielding in a loop, which on two cores takes time from
/// the threads doing the work (BlockingCollection's semaphore spins with sched_yield before it sleeps: ~250 000 yields
/// per run of the decoding thread over 5 M small frames).
/// </summary>
public sealed class HandOffQueue<T>(int capacity) where T : class
{
    private readonly Queue<T> _items = new(capacity);
    private bool _completed;
    private bool _cancelled;

    /// <summary>Adds <paramref name="item"/>, waiting while the queue is full; false (not added) once cancelled.</summary>
    public bool Add(T item)
    {
        lock (_items)
        {
            while (_items.Count >= capacity && !_cancelled) Monitor.Wait(_items);
            if (_cancelled) return false;
            _items.Enqueue(item);
            if (_items.Count == 1) Monitor.PulseAll(_items);   // the taker may be waiting for this one
            return true;
        }
    }

    /// <summary>The oldest item, waiting while there is none; null once the queue is completed and empty, or cancelled.</summary>
    public T? Take()
    {
        lock (_items)
        {
            while (_items.Count == 0 && !_completed && !_cancelled) Monitor.Wait(_items);
            if (_cancelled || _items.Count == 0) return null;
            var item = _items.Dequeue();
            if (_items.Count == capacity - 1) Monitor.PulseAll(_items);   // the adder may be waiting for room
            return item;
        }
    }

    /// <summary>No more items will be added: <see cref="Take"/> returns null once the queue is empty.</summary>
    public void Complete()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Wakes and turns away every waiting and later <see cref="Add"/> and <see cref="Take"/>.</summary>
    public void Cancel()
    {
        lock (_items)
        {
            _cancelled = true;
            Monitor.PulseAll(_items);
        }
    }
}
