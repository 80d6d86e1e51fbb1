const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * Webpack config of one app (`appDir` = its folder): bundles the app and the workspace libraries
 * it imports into dist/main.js; npm packages stay external (installed in node_modules). `tsc`
 * compiles, so the decorator metadata NestJS and MikroORM need is emitted.
 */
module.exports = function appWebpackConfig(appDir) {
  return {
    output: {
      path: join(appDir, 'dist'),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
