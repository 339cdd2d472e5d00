using Suyuan.Hosting.Projections;

namespace Suyuan.Features.Equipment.Cylinders;

/// <summary>
/// Catch-ups shared by concurrent readers: a request waits for one catch-up that began after it arrived, and every request arriving
/// while that one runs shares the next. So a burst of filling checks costs one feed read, not one each behind the runner's lock.
/// </summary>
internal sealed class FeedFollower(ProjectionRunner runner)
{
    private readonly Lock _lock = new();
    private Task? _running;
    private Task? _next;

    public Task CatchUpAsync()
    {
        lock (_lock)
        {
            if (_running is null || _running.IsCompleted)
            {
                _running = RunAsync();
                return _running;
            }
            // One is running but may have read the feed before this request's events: wait for the next one, shared.
            return _next ??= FollowAsync(_running);
        }
    }

    private async Task FollowAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // the next catch-up reports its own failure
        }
        Task mine;
        lock (_lock)
        {
            _next = null;
            _running = mine = RunAsync();
        }
        await mine;
    }

    private Task RunAsync() => Task.Run(() => runner.CatchUpAsync(CancellationToken.None));
}
