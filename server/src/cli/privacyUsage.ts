// Kept apart from cli/privacy.ts so that `archipel --help` and `archipel check` load none of the scan.

export const privacyUsage = `  privacy [PATH...]              Personal data in the data files (CSV, TSV, JSON Lines, Parquet: header and a bounded
                                 sample of each) and the Fides manifests, and where it flows (pipelines, served models,
                                 Fides systems); the privacy rules' findings (default PATH: .).
      --format text|json|ropa-md|ropa-csv|ropa-json
                                 Output format (default: text). json: {"assets":[{"file","fields":[{"name","categories"}]}],
                                 "flows":[{"from","to","categories","via":{"file","line"}}]}; ropa-md, ropa-csv and
                                 ropa-json: the record of processing activities (GDPR Art. 30) from the Fides systems;
                                 ropa-json: {"organization","dates":{"created","updated"},"rows":[...],"undeclared"}.
      --year YYYY                The year dates of birth are judged against (default: this year).
      --lang en|fr               The language of the report and of the record's column titles (default: from LANG).
  privacy init [PATH...]         Write a Fides dataset manifest beside each data file found (<name>.fides.yml), its
                                 fields and the categories the scan found; an existing file is never replaced.
      --year YYYY                The year dates of birth are judged against (default: this year).`;
