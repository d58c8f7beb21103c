using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PrivateDomain.Storage.Hosting;

/// <summary>
/// Checks <see cref="StorageOptions"/>' data annotations (what ValidateDataAnnotations does) without taking
/// a dependency on Microsoft.Extensions.Options.DataAnnotations, which this library does not otherwise need.
/// </summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(errors.Select(e =>
            $"{StorageOptions.SectionName}:{string.Join(",", e.MemberNames)}: {e.ErrorMessage}"));
    }
}
