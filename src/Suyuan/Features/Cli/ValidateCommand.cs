using System.CommandLine;
using Suyuan.Core.Epcis;

namespace Suyuan.Features.Cli;

/// <summary><c>suyuan validate &lt;file|-&gt;</c>: schema and semantic validation of an EPCIS 2.0 JSON/JSON-LD document.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "EPCIS 2.0 JSON or JSON-LD document, or '-' for standard input" };
        var command = new Command("validate", "Validate an EPCIS 2.0 document against the JSON Schema and the EPCIS/CBV rules; exit 0 when valid, 1 when not") { file };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var bytes = await DocumentInput.ReadAsync(parse.GetValue(file)!, ct);
            IReadOnlyList<ValidationProblem> problems;
            try
            {
                using var doc = DocumentInput.Parse(bytes);
                problems = EpcisValidator.Validate(doc.RootElement);
            }
            catch (EpcisFormatException e)
            {
                problems = [new ValidationProblem(e.Pointer, "format", e.Message)];
            }
            var errors = 0;
            foreach (var p in problems)
            {
                errors += p.IsWarning ? 0 : 1;
                Console.Out.WriteLine($"{(p.IsWarning ? "warning" : "error")}: {(p.Pointer.Length == 0 ? "/" : p.Pointer)} [{p.Rule}] {p.Message}");
            }
            Console.Error.WriteLine(errors == 0 ? "valid" : $"invalid: {errors} problem{(errors == 1 ? "" : "s")}");
            return errors == 0 ? 0 : 1;
        }));
        return command;
    }
}
