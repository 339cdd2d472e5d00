using Microsoft.AspNetCore.Http.HttpResults;
using ValidationProblem = Suyuan.Core.Epcis.ValidationProblem;

namespace Suyuan.Hosting;

/// <summary>RFC 9457 problem details that name the bad field with a JSON pointer.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail, string pointer, IEnumerable<ValidationProblem>? problems = null) =>
        Create(StatusCodes.Status400BadRequest, "Bad request", detail, pointer, problems);

    public static ProblemHttpResult NotFound(string detail, string pointer) =>
        Create(StatusCodes.Status404NotFound, "Not found", detail, pointer);

    public static ProblemHttpResult Conflict(string detail, string pointer) =>
        Create(StatusCodes.Status409Conflict, "Conflict", detail, pointer);

    public static ProblemHttpResult TooLarge(string detail, string pointer) =>
        Create(StatusCodes.Status413PayloadTooLarge, "Capture limit exceeded", detail, pointer);

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail, "/headers/Content-Type");

    public static ProblemHttpResult Create(int status, string title, string detail, string pointer, IEnumerable<ValidationProblem>? problems = null)
    {
        var extensions = new Dictionary<string, object?> { ["pointer"] = pointer };
        if (problems is not null)
        {
            extensions["errors"] = problems.Select(p => new { pointer = p.Pointer, rule = p.Rule, detail = p.Message, severity = p.IsWarning ? "warning" : "error" }).ToArray();
        }
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}", extensions: extensions);
    }
}
