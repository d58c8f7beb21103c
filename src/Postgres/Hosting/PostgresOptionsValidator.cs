using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PrivateDomain.Postgres.Hosting;

/// <summary>
/// Checks <see cref="PostgresOptions"/>' data annotations (what ValidateDataAnnotations does) and that the
/// connection string parses, so a bad setting stops the host at start with the setting's name.
/// </summary>
internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        var failures = errors.Select(e => $"{PostgresOptions.SectionName}:{string.Join(",", e.MemberNames)}: {e.ErrorMessage}").ToList();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{PostgresOptions.SectionName}:{nameof(PostgresOptions.ConnectionString)}: {ex.Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
