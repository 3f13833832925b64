/**
 * GetSdkTypes, GetSdkType: the catalogue of client SDKs API Gateway generates, with the
 * configuration properties each takes. GetSdk has no handler, so it answers NotImplemented (Gatehouse
 * does not generate SDKs) (issue 5: "GetSdk/GetSdkType(s) may answer a clear NotImplemented").
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetSdkTypes.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-generate-sdk.html
 *
 * The properties and which are required come from GetSdk's `parameters` documentation ("For
 * sdkType of objectivec or swift, a parameter named classPrefix is required. For sdkType of
 * android, parameters named groupId, artifactId, artifactVersion, and invokerPackage are
 * required. For sdkType of java, parameters named serviceName and javaPackageName are required")
 * and the guide's generation pages (generate-*-sdk-of-an-api, how-to-generate-sdk-cli), whose
 * console labels are the friendly names. AWS's exact description texts were not recorded.
 */
import { notFound } from '../../aws/errors.js';
import type { S_GetSdkTypeRequest, S_GetSdkTypesRequest, S_SdkConfigurationProperty, S_SdkType } from '../../aws/generated/apigateway.js';
import type { Handlers } from '../types.js';
import { paginate } from './records.js';

const property = (name: string, friendlyName: string, description: string, required: boolean, defaultValue?: string): S_SdkConfigurationProperty => ({
  name,
  friendlyName,
  description,
  required,
  defaultValue,
});

const classPrefix = property('classPrefix', 'Prefix', 'A unique prefix for the generated classes, e.g. SIMPLE_CALC', true);

export const SDK_TYPES: S_SdkType[] = [
  {
    id: 'android',
    friendlyName: 'Android',
    description: 'Java SDK for Android',
    configurationProperties: [
      property('groupId', 'Group ID', 'The unique identifier of the project, used in the pom.xml file, e.g. com.mycompany', true),
      property('invokerPackage', 'Invoker package', 'The namespace of the generated client classes, e.g. com.mycompany.clientsdk', true),
      property('artifactId', 'Artifact ID', 'The name of the compiled .jar file without the version, used in the pom.xml file', true),
      property('artifactVersion', 'Artifact version', 'The artifact version of the generated client, major.minor.patch, used in the pom.xml file', true),
    ],
  },
  { id: 'javascript', friendlyName: 'JavaScript', description: 'JavaScript SDK', configurationProperties: [] },
  { id: 'ios-objective-c', friendlyName: 'iOS (Objective-C)', description: 'Objective-C SDK for iOS', configurationProperties: [classPrefix] },
  { id: 'ios-swift', friendlyName: 'iOS (Swift)', description: 'Swift SDK for iOS', configurationProperties: [classPrefix] },
  {
    id: 'java',
    friendlyName: 'Java',
    description: 'Java SDK',
    configurationProperties: [
      property('serviceName', 'Service Name', 'The name of the SDK client class, without hyphens', true),
      property('javaPackageName', 'Java Package Name', 'The namespace of the SDK library, without hyphens', true),
      property('javaBuildSystem', 'Java Build System', 'maven or gradle', false),
      property('javaGroupId', 'Java Group Id', 'The groupId of the SDK project in pom.xml', false),
      property('javaArtifactId', 'Java Artifact Id', 'The artifactId of the SDK project in pom.xml', false),
      property('javaArtifactVersion', 'Java Artifact Version', 'The version of the SDK project in pom.xml', false),
      property('licenseText', 'Source Code License Text', 'The license text of the source code', false),
    ],
  },
  {
    id: 'ruby',
    friendlyName: 'Ruby',
    description: 'Ruby SDK',
    configurationProperties: [
      property('service.name', 'Service Name', 'The Ruby Gem namespace of the API: letters only (a-zA-Z)', true),
      property('ruby.gem-name', 'Ruby Gem Name', 'The name of the Ruby Gem; by default the lower-cased service name plus -sdk', false),
      property('ruby.gem-version', 'Ruby Gem Version', 'The version of the generated Ruby Gem', false, '1.0.0'),
    ],
  },
];

async function getSdkTypes(input: S_GetSdkTypesRequest) {
  return paginate(SDK_TYPES, input.position, input.limit);
}

async function getSdkType(input: S_GetSdkTypeRequest): Promise<S_SdkType> {
  const type = SDK_TYPES.find((t) => t.id === input.id);
  if (!type) throw notFound('Invalid SDK type identifier specified');
  return type;
}

export const handlers: Handlers = {
  GetSdkTypes: getSdkTypes,
  GetSdkType: getSdkType,
};
