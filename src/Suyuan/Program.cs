using System.CommandLine;
using Suyuan.Features.Cli;

var root = new RootCommand("Suyuan (溯源): important-product traceability platform — GS1 EPCIS 2.0 events, trace and recall")
{
    ValidateCommand.Create(),
    HashCommand.Create(),
    ServeCommand.Create(),
    DemoCommand.Create(),
    EnterpriseCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }
    Console.Error.WriteLine("Run 'suyuan --help' for usage.");
    return CliRun.Usage;
}
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(2) }); // Ctrl+C lets a verb finish the document in hand
