using Suyuan.Core.Epcis;

namespace Suyuan.Features.Cli;

/// <summary>Turns every failure of a verb into a one-line message and an exit code: never a stack trace.</summary>
internal static class CliRun
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Usage;
        }
        catch (EpcisFormatException e)
        {
            Console.Error.WriteLine($"error: {(e.Pointer.Length == 0 ? "/" : e.Pointer)} {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return Failed;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return Failed;
        }
    }
}
